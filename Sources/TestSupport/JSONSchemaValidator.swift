import Foundation
import JSON

/// A small JSON Schema validator for tests: type, properties, required, additionalProperties, items, enum,
/// const, numeric and length bounds, pattern, allOf/anyOf/oneOf/not, and local `$ref`s (`#/…`).
public struct JSONSchemaValidator: Sendable {
    /// The document `$ref`s resolve against (e.g. the whole OpenRPC document).
    public let root: JSONValue

    public init(root: JSONValue = .null) { self.root = root }

    /// Every way `value` breaks `schema`; empty when it conforms.
    public func problems(validating value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard case .object(let rules) = schema else {
            if schema == .bool(false) { return ["\(path): no value is allowed"] }
            return []
        }
        var problems: [String] = []
        if case .string(let reference)? = rules["$ref"] {
            guard let target = resolve(reference) else { return ["\(path): unresolvable $ref \(reference)"] }
            problems += self.problems(validating: value, against: target, at: path)
        }
        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(path): expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
                return problems
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(options).serialized())")
        }
        if let constant = rules["const"], constant != value {
            problems.append("\(path): expected \(constant.serialized())")
        }
        problems += numberProblems(value, rules, path)
        problems += stringProblems(value, rules, path)
        problems += arrayProblems(value, rules, path)
        problems += objectProblems(value, rules, path)
        problems += combinatorProblems(value, rules, path)
        return problems
    }

    /// Resolves `#/a/b` within ``root``.
    public func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = root
        for token in reference.dropFirst().split(separator: "/") {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let index = Int(key), let element = current[index] {
                current = element
            } else if let child = current[key] {
                current = child
            } else {
                return nil
            }
        }
        return current
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            return true
        case ("integer", .number(let number)):
            return number.intValue != nil || (number.doubleValue.map { $0 == $0.rounded() } ?? false)
        default:
            return false
        }
    }

    private func numberProblems(_ value: JSONValue, _ rules: JSONObject, _ path: String) -> [String] {
        guard let number = value.doubleValue else { return [] }
        var problems: [String] = []
        if let minimum = rules["minimum"]?.doubleValue, number < minimum { problems.append("\(path): below minimum \(minimum)") }
        if let maximum = rules["maximum"]?.doubleValue, number > maximum { problems.append("\(path): above maximum \(maximum)") }
        if let bound = rules["exclusiveMinimum"]?.doubleValue, number <= bound { problems.append("\(path): not above \(bound)") }
        if let bound = rules["exclusiveMaximum"]?.doubleValue, number >= bound { problems.append("\(path): not below \(bound)") }
        return problems
    }

    private func stringProblems(_ value: JSONValue, _ rules: JSONObject, _ path: String) -> [String] {
        guard let text = value.stringValue else { return [] }
        var problems: [String] = []
        if let minimum = rules["minLength"]?.intValue, text.count < minimum { problems.append("\(path): shorter than \(minimum)") }
        if let maximum = rules["maxLength"]?.intValue, text.count > maximum { problems.append("\(path): longer than \(maximum)") }
        if let pattern = rules["pattern"]?.stringValue {
            if let expression = try? NSRegularExpression(pattern: pattern) {
                let range = NSRange(text.startIndex..., in: text)
                if expression.firstMatch(in: text, range: range) == nil {
                    problems.append("\(path): \"\(text)\" does not match \(pattern)")
                }
            } else {
                problems.append("\(path): invalid pattern \(pattern)")
            }
        }
        return problems
    }

    private func arrayProblems(_ value: JSONValue, _ rules: JSONObject, _ path: String) -> [String] {
        guard let elements = value.arrayValue else { return [] }
        var problems: [String] = []
        if let minimum = rules["minItems"]?.intValue, elements.count < minimum { problems.append("\(path): fewer than \(minimum) items") }
        if let maximum = rules["maxItems"]?.intValue, elements.count > maximum { problems.append("\(path): more than \(maximum) items") }
        if rules["uniqueItems"] == .bool(true), Set(elements).count != elements.count { problems.append("\(path): items not unique") }
        if let items = rules["items"] {
            for (index, element) in elements.enumerated() {
                problems += self.problems(validating: element, against: items, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    private func objectProblems(_ value: JSONValue, _ rules: JSONObject, _ path: String) -> [String] {
        guard let object = value.objectValue else { return [] }
        var problems: [String] = []
        for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
            problems.append("\(path): missing required \(name)")
        }
        let properties = rules["properties"]?.objectValue ?? JSONObject()
        for (key, child) in object {
            if let schema = properties[key] {
                problems += self.problems(validating: child, against: schema, at: "\(path).\(key)")
            } else if let additional = rules["additionalProperties"] {
                if additional == .bool(false) {
                    problems.append("\(path): unexpected property \(key)")
                } else {
                    problems += self.problems(validating: child, against: additional, at: "\(path).\(key)")
                }
            }
        }
        if let minimum = rules["minProperties"]?.intValue, object.count < minimum { problems.append("\(path): fewer than \(minimum) properties") }
        return problems
    }

    private func combinatorProblems(_ value: JSONValue, _ rules: JSONObject, _ path: String) -> [String] {
        var problems: [String] = []
        for schema in rules["allOf"]?.arrayValue ?? [] {
            problems += self.problems(validating: value, against: schema, at: path)
        }
        if let options = rules["anyOf"]?.arrayValue,
            !options.contains(where: { self.problems(validating: value, against: $0, at: path).isEmpty })
        {
            problems.append("\(path): matches none of anyOf")
        }
        if let options = rules["oneOf"]?.arrayValue {
            let matching = options.filter { self.problems(validating: value, against: $0, at: path).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of oneOf, expected exactly 1") }
        }
        if let forbidden = rules["not"], self.problems(validating: value, against: forbidden, at: path).isEmpty {
            problems.append("\(path): matches a forbidden schema")
        }
        return problems
    }
}

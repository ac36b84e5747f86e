import JSON

/// Replaces local `$ref`s (`#/components/...`) in a schema with what they point at, so a schema taken out of the
/// OpenRPC document stands alone (an MCP tool schema cannot refer back into the document).
struct JSONSchemaInliner {
    let document: JSONValue
    /// Deeper nesting of references than this is left as `{}` (accept anything) rather than looping.
    var maximumDepth = 32

    /// `value` with every local reference resolved; unknown references become `{}`.
    func inline(_ value: JSONValue) -> JSONValue { inline(value, depth: 0, visiting: []) }

    private func inline(_ value: JSONValue, depth: Int, visiting: Set<String>) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map { inline($0, depth: depth, visiting: visiting) })
        case .object(let object):
            if case .string(let reference)? = object["$ref"] {
                guard depth < maximumDepth, !visiting.contains(reference), let target = resolve(reference) else {
                    return .object(JSONObject())
                }
                var merged = inline(target, depth: depth + 1, visiting: visiting.union([reference])).objectValue ?? JSONObject()
                // Sibling keywords next to `$ref` (e.g. a description) refine the target.
                for (key, sibling) in object where key != "$ref" {
                    merged[key] = inline(sibling, depth: depth, visiting: visiting)
                }
                return .object(merged)
            }
            var copy = JSONObject()
            for (key, member) in object { copy[key] = inline(member, depth: depth, visiting: visiting) }
            return .object(copy)
        default:
            return value
        }
    }

    /// The value at a `#/a/b` JSON pointer in the document.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var current = document
        for rawToken in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let token = rawToken.contains("~") ? Self.unescaped(rawToken) : String(rawToken)
            if let index = Int(token), let element = current[index] {
                current = element
            } else if let member = current[token] {
                current = member
            } else {
                return nil
            }
        }
        return current
    }

    /// A JSON pointer token with `~1` read as `/` and `~0` as `~` (RFC 6901, in that order).
    static func unescaped(_ token: Substring) -> String {
        var result = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "1": result.append("/")
            case "0": result.append("~")
            case let other?: result += "~" + String(other)
            case nil: result.append("~")
            }
        }
        return result
    }
}

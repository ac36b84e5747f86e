import JSON

/// The named parameters of a request, with accessors that fail as -32602 naming the parameter.
///
/// Params must be an object or absent; JSON `null` values count as absent for optional accessors.
public struct Parameters: Sendable, Hashable {
    /// The params object (empty when the request had none).
    public let object: JSONObject

    /// Keys every method accepts and ignores: MCP-style metadata and progress tokens.
    public static let alwaysAllowed: Set<String> = ["_meta", "progressToken"]

    public init(_ object: JSONObject = JSONObject()) { self.object = object }

    /// Wraps a request's `params` member; positional (array) params are refused with -32602.
    public init(params: JSONValue?) throws(RPCError) {
        switch params {
        case nil, .null?: self.init()
        case .object(let object)?: self.init(object)
        case .array?:
            throw RPCError.invalidParams(
                parameter: "params", problem: "must be an object of named parameters, not an array")
        default: throw RPCError.invalidParams(parameter: "params", problem: "must be an object")
        }
    }

    /// The raw value of `name` (or the first alias present), `nil` when absent or null.
    public func value(_ name: String, aliases: [String] = []) -> JSONValue? {
        entry(name, aliases: aliases)?.value
    }

    /// The key the client used for `name` (or the first alias present) with its value, so a problem names what was sent.
    public func entry(_ name: String, aliases: [String] = []) -> (key: String, value: JSONValue)? {
        for key in [name] + aliases {
            if let value = object[key], !value.isNull { return (key, value) }
        }
        return nil
    }

    /// Whether `name` (or an alias) is present and not null.
    public func contains(_ name: String, aliases: [String] = []) -> Bool {
        value(name, aliases: aliases) != nil
    }

    /// An optional string parameter.
    public func string(_ name: String, aliases: [String] = []) throws(RPCError) -> String? {
        guard let (key, value) = entry(name, aliases: aliases) else { return nil }
        guard case .string(let text) = value else { throw RPCError.invalidParams(parameter: key, problem: "must be a string") }
        return text
    }

    /// A required, non-empty string parameter.
    public func requiredString(_ name: String, aliases: [String] = []) throws(RPCError) -> String {
        guard let text = try string(name, aliases: aliases) else { throw Self.missing(name) }
        guard !text.isEmpty else {
            throw RPCError.invalidParams(parameter: entry(name, aliases: aliases)?.key ?? name, problem: "must not be empty")
        }
        return text
    }

    /// An optional integer parameter (a JSON number without fraction or exponent that fits `Int`).
    public func int(_ name: String, aliases: [String] = []) throws(RPCError) -> Int? {
        guard let (key, value) = entry(name, aliases: aliases) else { return nil }
        guard case .number(let number) = value, let integer = number.intValue else {
            throw RPCError.invalidParams(parameter: key, problem: "must be an integer")
        }
        return integer
    }

    /// A required integer parameter.
    public func requiredInt(_ name: String, aliases: [String] = []) throws(RPCError) -> Int {
        guard let integer = try int(name, aliases: aliases) else { throw Self.missing(name) }
        return integer
    }

    /// An optional number parameter as `Double`.
    public func double(_ name: String, aliases: [String] = []) throws(RPCError) -> Double? {
        guard let (key, value) = entry(name, aliases: aliases) else { return nil }
        guard case .number(let number) = value, let double = number.doubleValue else {
            throw RPCError.invalidParams(parameter: key, problem: "must be a number")
        }
        return double
    }

    /// An optional boolean parameter.
    public func bool(_ name: String, aliases: [String] = []) throws(RPCError) -> Bool? {
        guard let (key, value) = entry(name, aliases: aliases) else { return nil }
        guard case .bool(let flag) = value else { throw RPCError.invalidParams(parameter: key, problem: "must be a boolean") }
        return flag
    }

    /// An optional array-of-strings parameter.
    public func stringArray(_ name: String, aliases: [String] = []) throws(RPCError) -> [String]? {
        guard let (key, value) = entry(name, aliases: aliases) else { return nil }
        guard case .array(let elements) = value else {
            throw RPCError.invalidParams(parameter: key, problem: "must be an array of strings")
        }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let text) = element else {
                throw RPCError.invalidParams(parameter: key, problem: "must be an array of strings")
            }
            strings.append(text)
        }
        return strings
    }

    /// An optional object parameter.
    public func object(_ name: String, aliases: [String] = []) throws(RPCError) -> JSONObject? {
        guard let (key, value) = entry(name, aliases: aliases) else { return nil }
        guard case .object(let object) = value else { throw RPCError.invalidParams(parameter: key, problem: "must be an object") }
        return object
    }

    /// Refuses any key outside `allowed` (besides `_meta` and `progressToken`) with -32602.
    public func rejectUnknown(allowed: Set<String>) throws(RPCError) {
        for key in object.keys where !allowed.contains(key) && !Self.alwaysAllowed.contains(key) {
            throw RPCError.invalidParams(parameter: key, problem: "is not a known parameter")
        }
    }

    static func missing(_ name: String) -> RPCError {
        RPCError.invalidParams(parameter: name, problem: "is required")
    }
}

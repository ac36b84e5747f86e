import JSON

/// A JSON-RPC request id: a string, a number (its literal kept exactly) or null.
public enum RequestID: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral
{
    case string(String)
    case number(JSONNumber)
    case null

    /// Reads an id from its JSON form; `nil` when the value cannot be an id (object, array, bool).
    public init?(_ value: JSONValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .number(let number): self = .number(number)
        case .null: self = .null
        default: return nil
        }
    }

    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }

    /// The id as it goes on the wire, echoed back unchanged.
    public var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        case .null: .null
        }
    }

    public var description: String { json.serialized() }
}

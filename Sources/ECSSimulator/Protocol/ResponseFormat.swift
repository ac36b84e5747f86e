/// The body format a caller asked for: `Format=XML` gives XML, anything else JSON.
public enum ResponseFormat: Sendable, Equatable {
    case json
    case xml
}

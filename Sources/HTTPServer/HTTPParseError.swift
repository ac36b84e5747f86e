/// Why bytes from a client could not be read as an HTTP/1.x request; each maps to a status and closes the connection.
public enum HTTPParseError: Error, Sendable, Equatable {
    case malformedRequestLine(String)
    case malformedHeader(String)
    case unsupportedVersion(String)
    case headersTooLarge(limit: Int)
    case bodyTooLarge(length: Int, limit: Int)
    case invalidContentLength(String)
    case unsupportedTransferEncoding(String)

    /// The HTTP status the server answers with before closing the connection.
    public var status: Int {
        switch self {
        case .malformedRequestLine, .malformedHeader, .invalidContentLength: 400
        case .unsupportedVersion: 505
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferEncoding: 501
        }
    }

    /// A short explanation for the plain-text error body.
    public var explanation: String {
        switch self {
        case .malformedRequestLine(let line): "malformed request line: \(line.prefix(80))"
        case .malformedHeader(let line): "malformed header line: \(line.prefix(80))"
        case .unsupportedVersion(let version): "unsupported HTTP version: \(version.prefix(20))"
        case .headersTooLarge(let limit): "request head larger than \(limit) bytes"
        case .bodyTooLarge(let length, let limit): "body of \(length) bytes exceeds the limit of \(limit)"
        case .invalidContentLength(let value): "invalid Content-Length: \(value.prefix(40))"
        case .unsupportedTransferEncoding(let value): "unsupported Transfer-Encoding: \(value.prefix(40))"
        }
    }
}

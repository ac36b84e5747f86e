/// Why an `HTTPServer` could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidHost(String)
    case notLoopback(String)
    case socketFailed(operation: String, errno: Int32)
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidHost(let host): "not an IP address: \(host)"
        case .notLoopback(let host): "refusing to listen on non-loopback address \(host)"
        case .socketFailed(let operation, let code): "\(operation) failed: errno \(code)"
        case .alreadyStarted: "server already started"
        }
    }
}

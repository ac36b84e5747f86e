/// Why an HTTP exchange with the endpoint failed before an ECS answer arrived.
public enum TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens at the endpoint (the request never reached the service).
    case connectionRefused
    /// No answer within the configured timeout.
    case timedOut(seconds: Double)
    /// TLS handshake or certificate failure.
    case tls(String)
    /// The host name did not resolve.
    case hostNotFound
    /// The connection dropped mid-exchange.
    case connectionLost
    /// Anything else the HTTP stack reported.
    case other(String)

    public var description: String {
        switch self {
        case .connectionRefused: "connection refused"
        case .timedOut(let seconds): "timed out after \(seconds) s"
        case .tls(let detail): "TLS failure: \(detail)"
        case .hostNotFound: "host not found"
        case .connectionLost: "connection lost"
        case .other(let detail): detail
        }
    }

    /// The request certainly never reached the service, so any action may be sent again.
    public var neverReachedService: Bool {
        switch self {
        case .connectionRefused: true
        default: false
        }
    }

    /// Worth another attempt at all (for idempotent calls).
    public var isTransient: Bool {
        switch self {
        case .connectionRefused, .timedOut, .connectionLost: true
        case .tls, .hostNotFound, .other: false
        }
    }
}

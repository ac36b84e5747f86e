/// Everything an ECS call can fail with.
public enum ECSClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service answered with an error body.
    case service(ECSServiceError)
    /// The HTTP exchange failed; `attempts` counts tries including retries.
    case transport(TransportFailure, endpoint: String, attempts: Int)
    /// The endpoint text could not be used (bad syntax, or `http://` to a non-loopback host).
    case invalidEndpoint(String, reason: String)
    /// The service answered with something that is not an ECS JSON answer.
    case invalidResponse(httpStatus: Int, reason: String, endpoint: String)
    /// The caller's task was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .service(let error): error.description
        case .transport(let failure, let endpoint, let attempts):
            "cannot reach \(endpoint): \(failure) (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
        case .invalidEndpoint(let text, let reason): "invalid endpoint \"\(text)\": \(reason)"
        case .invalidResponse(let status, let reason, let endpoint): "invalid response from \(endpoint) (HTTP \(status)): \(reason)"
        case .cancelled: "the call was cancelled"
        }
    }
}

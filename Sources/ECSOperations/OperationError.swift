import ECSClient

/// Everything a core operation can fail with; the RPC layer maps each case to one JSON-RPC code.
public enum OperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is missing or has a bad value; found before any network call.
    case invalidParameter(name: String, problem: String)
    /// Create could not pick a default network resource; `parameter` is what the caller should pass.
    case networkResourceNotFound(parameter: String, problem: String)
    /// No credentials could be found for the call.
    case noCredentials(String)
    /// The credential store could not be read.
    case credentialStoreUnavailable(String)
    /// The ECS call failed (service error, transport failure, invalid endpoint, …).
    case client(ECSClientError)
    /// An action on more than 100 instances, split into calls of 100: some calls succeeded (`completed` were acted
    /// on) and at least one failed with `cause` (`notDone` were not, as far as ECS said).
    indirect case partiallyDone(completed: [String], notDone: [String], cause: OperationError)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let problem): "invalid parameter \(name): \(problem)"
        case .networkResourceNotFound(let parameter, let problem): "\(problem); pass \(parameter)"
        case .noCredentials(let reason): "no credentials: \(reason)"
        case .credentialStoreUnavailable(let reason): "credential store unavailable: \(reason)"
        case .client(let error): error.description
        case .partiallyDone(let completed, let notDone, let cause):
            "\(cause) (\(completed.count) of \(completed.count + notDone.count) instances were acted on by the other calls)"
        }
    }
}

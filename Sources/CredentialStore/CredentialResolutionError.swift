/// Why no credentials could be found for a call; messages name sources and never show a secret.
public enum CredentialResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Some but not all of `accessKeyId` / `accessKeySecret` were given.
    case incompleteParameters(missing: String)
    /// A profile asked for (by parameter, `--profile` or as the default) does not exist.
    case profileNotFound(name: String, selectedBy: ProfileSelection, available: [String])
    /// The store had to be read and could not be.
    case storeUnavailable(CredentialStoreError)
    /// Nothing in the chain applied; `tried` says what each step found.
    case noCredentials(tried: [String])
    /// The aliyun CLI profile in use could not give credentials (a role, process or URL failed).
    case aliyunProfileFailed(AliyunProfileProblem)

    public var description: String {
        switch self {
        case .incompleteParameters(let missing):
            return "incomplete credentials in the parameters: \(missing) is missing"
        case .profileNotFound(let name, let selection, let available):
            let names = available.isEmpty ? "the store has no profiles" : "profiles: " + available.joined(separator: ", ")
            return "no credential profile named '\(name)' (asked for by \(selection.rawValue); \(names))"
        case .storeUnavailable(let error):
            return "the credential store cannot be used: \(error)"
        case .noCredentials(let tried):
            return "no credentials found; tried, in order: " + tried.joined(separator: "; ")
        case .aliyunProfileFailed(let problem):
            return "the aliyun CLI profile could not give credentials: \(problem)"
        }
    }
}

import CredentialStore
import ECSClient
import ECSOperations

extension CallCredentialProvider {
    /// The credential store's resolution chain (parameters → profile → `--profile` → default profile →
    /// environment → aliyun CLI → simulator demo pair) behind the operations' credential seam.
    public static func credentialStore(_ provider: CredentialProvider) -> CallCredentialProvider {
        CallCredentialProvider(description: "the credential store's resolution chain") { request throws(OperationError) in
            let wanted = CredentialRequest(
                accessKeyId: request.accessKeyId, accessKeySecret: request.accessKeySecret,
                securityToken: request.securityToken, profile: request.profile, regionId: request.regionId)
            do throws(CredentialResolutionError) {
                let resolved = try await provider.resolve(wanted)
                return ResolvedCallCredentials(
                    credentials: ECSCredentials(
                        accessKeyId: resolved.credentials.accessKeyId,
                        accessKeySecret: resolved.credentials.accessKeySecret,
                        securityToken: resolved.credentials.securityToken, source: resolved.source.description),
                    regionId: resolved.regionId, endpoint: resolved.endpoint)
            } catch {
                throw OperationError(error)
            }
        }
    }
}

extension OperationError {
    /// A resolution failure as the operations report it: the caller's mistakes as invalid parameters,
    /// everything else as "no credentials" with the message that lists what was tried.
    init(_ error: CredentialResolutionError) {
        switch error {
        case .incompleteParameters(let missing):
            self = .invalidParameter(name: missing, problem: "is required when the other half of the key pair is given")
        case .profileNotFound(let name, .parameter, let available):
            let names = available.isEmpty ? "the store has no profiles" : "profiles: " + available.joined(separator: ", ")
            self = .invalidParameter(name: "profile", problem: "names no stored profile '\(name)' (\(names))")
        default:
            self = .noCredentials(error.description)
        }
    }
}

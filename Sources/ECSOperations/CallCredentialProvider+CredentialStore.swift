import CredentialStore
import ECSClient

extension CallCredentialProvider {
    /// The full resolution chain of the credential store (parameters, profiles, environment, aliyun CLI, simulator pair),
    /// remembered per request while the store file and the aliyun CLI file are unchanged and fetched credentials are
    /// usable.
    public static func credentialStore(_ provider: CredentialProvider) -> CallCredentialProvider {
        let files = [provider.store?.filePath, AliyunCLIConfiguration.path(environment: provider.environment)].compactMap { $0 }
        let cache = CredentialResolutionCache(paths: files)
        return CallCredentialProvider(description: "the credential store's resolution chain") { request throws(OperationError) in
            if let remembered = cache.lookup(request) { return remembered }
            let stamps = cache.currentStamps()
            let resolved = try await resolveThroughStore(provider, request)
            cache.store(resolved, for: request, stamps: stamps)
            return resolved
        }
    }

    static func resolveThroughStore(
        _ provider: CredentialProvider, _ request: CallCredentialsRequest
    ) async throws(OperationError) -> ResolvedCallCredentials {
        do throws(CredentialResolutionError) {
            let resolved = try await provider.resolve(request)
            let credentials = ECSCredentials(
                accessKeyId: resolved.credentials.accessKeyId, accessKeySecret: resolved.credentials.accessKeySecret,
                securityToken: resolved.credentials.securityToken, source: resolved.source.description)
            return ResolvedCallCredentials(
                credentials: credentials, regionId: resolved.regionId, endpoint: resolved.endpoint,
                usableUntil: resolved.usableUntil)
        } catch {
            switch error {
            case .incompleteParameters(let missing):
                throw .invalidParameter(name: missing, problem: "is required when the other half of the key pair is given")
            case .storeUnavailable:
                throw .credentialStoreUnavailable(error.description)
            case .profileNotFound, .noCredentials, .aliyunProfileFailed:
                throw .noCredentials(error.description)
            }
        }
    }
}

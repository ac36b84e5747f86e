import Foundation

/// Resolves credentials for each call from the live world: reads the store and the aliyun CLI file
/// (on a dedicated thread), then applies the pure `CredentialResolver`. Never contacts any network address.
public struct CredentialProvider: Sendable {
    /// The store, or nil when no configuration directory can be found (then it counts as empty).
    public let store: CredentialStore?
    /// The server's `--profile` flag.
    public let serverProfile: String?
    /// Whether the simulator's demo pair is the last resort.
    public let simulator: Bool
    /// The environment the chain reads (the process's, or a test's).
    public let environment: [String: String]
    private let cache = ResolutionCache()

    public init(
        store: CredentialStore?, serverProfile: String? = nil, simulator: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.store = store
        self.serverProfile = serverProfile.flatMap { $0.isEmpty ? nil : $0 }
        self.simulator = simulator
        self.environment = environment
    }

    /// A provider using the store at its default place for `environment`.
    public init(
        serverProfile: String? = nil, simulator: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.init(
            store: try? CredentialStore(environment: environment), serverProfile: serverProfile,
            simulator: simulator, environment: environment)
    }

    /// The store and the aliyun CLI file as they are now (blocking; prefer `resolve` from async code).
    public func currentContext() -> ResolutionContext {
        let storeResult = store.map { cache.store($0) } ?? .success(StoredCredentials())
        let cliPath = AliyunCLIConfiguration.path(environment: environment)
        return ResolutionContext(
            serverProfile: serverProfile, store: storeResult, storePath: store?.filePath, environment: environment,
            aliyunCLI: cliPath.flatMap { cache.aliyunCLI(at: $0) }, aliyunCLIPath: cliPath, simulator: simulator)
    }

    /// Resolves a call's credentials (blocking).
    public func resolveNow(_ request: CredentialRequest) -> Result<ResolvedCredentials, CredentialResolutionError> {
        if request.hasExplicitKeys, request.regionId != nil {
            // Nothing on disk can matter: skip reading it.
            return CredentialResolver.resolve(request, in: ResolutionContext(environment: environment, simulator: simulator))
        }
        return CredentialResolver.resolve(request, in: currentContext())
    }

    /// Resolves a call's credentials; file work (two `stat`s, a read only when a file changed) runs on the
    /// provider's serial queue, off the cooperative pool.
    public func resolve(_ request: CredentialRequest) async throws(CredentialResolutionError) -> ResolvedCredentials {
        if request.hasExplicitKeys, request.regionId != nil { return try resolveNow(request).get() }
        let provider = self
        return try await cache.run { provider.resolveNow(request) }.get()
    }

    /// A problem with the server's `--profile` (missing profile or unreadable store), to report at start-up.
    public func serverProfileProblem() -> CredentialResolutionError? {
        guard let serverProfile else { return nil }
        let context = currentContext()
        switch context.store {
        case .failure(let error): return .storeUnavailable(error)
        case .success(let stored):
            guard stored.profile(named: serverProfile) != nil else {
                return .profileNotFound(name: serverProfile, selectedBy: .serverFlag, available: stored.profileNames)
            }
            return nil
        }
    }

    /// What a call without credentials would use right now, e.g. "profile:work", or the error's message.
    public func defaultSourceDescription() async -> String {
        do throws(CredentialResolutionError) {
            return try await resolve(CredentialRequest()).source.description
        } catch {
            return "none (\(error))"
        }
    }
}

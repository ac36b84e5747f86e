import Foundation

/// Resolves credentials for each call from the live world: reads the store and the aliyun CLI file
/// (on a serial queue), applies the pure `CredentialResolver`, then fetches what an aliyun CLI profile needs
/// (STS AssumeRole and URLs only through the injected `services`; External commands on a thread of their own),
/// caching fetched credentials until shortly before they expire. Never contacts instance metadata.
public struct CredentialProvider: Sendable {
    /// The store, or nil when no configuration directory can be found (then it counts as empty).
    public let store: CredentialStore?
    /// The server's `--profile` flag.
    public let serverProfile: String?
    /// Whether the simulator's demo pair is the last resort.
    public let simulator: Bool
    /// The embedded simulator's first key pair, used instead of the demo pair when it was given keys.
    public private(set) var simulatorKey: AccessCredentials?
    /// The environment the chain reads (the process's, or a test's).
    public let environment: [String: String]
    /// The role assumer, URL fetcher and clock used for profiles whose credentials must be fetched.
    public private(set) var services = CredentialServices()
    private let cache = ResolutionCache()
    private let temporary = TemporaryCredentialCache()

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
            aliyunCLI: cliPath.flatMap { cache.aliyunCLI(at: $0) }, aliyunCLIPath: cliPath, simulator: simulator,
            simulatorKey: simulatorKey)
    }

    /// Resolves a call's credentials (blocking).
    public func resolveNow(_ request: CredentialRequest) -> Result<ResolvedCredentials, CredentialResolutionError> {
        if request.hasExplicitKeys, request.regionId != nil {
            // Nothing on disk can matter: skip reading it.
            return CredentialResolver.resolve(request, in: ResolutionContext(environment: environment, simulator: simulator, simulatorKey: simulatorKey))
        }
        return CredentialResolver.resolve(request, in: currentContext())
    }

    /// The same provider (sharing its caches) whose last resort under the simulator is `key` instead of the demo pair.
    public func with(simulatorKey key: AccessCredentials?) -> CredentialProvider {
        var copy = self
        copy.simulatorKey = key
        return copy
    }

    /// The same provider (sharing its caches) with `services` for fetching credentials.
    public func with(services: CredentialServices) -> CredentialProvider {
        var copy = self
        copy.services = services
        return copy
    }

    /// The chain's outcome without fetching anything (blocking).
    public func planNow(_ request: CredentialRequest) -> Result<CredentialPlan, CredentialResolutionError> {
        if request.hasExplicitKeys, request.regionId != nil {
            return CredentialResolver.plan(request, in: ResolutionContext(environment: environment, simulator: simulator, simulatorKey: simulatorKey))
        }
        return CredentialResolver.plan(request, in: currentContext())
    }

    /// The chain's outcome without fetching anything; file work runs on the provider's serial queue.
    public func plan(_ request: CredentialRequest) async throws(CredentialResolutionError) -> CredentialPlan {
        if request.hasExplicitKeys, request.regionId != nil { return try planNow(request).get() }
        let provider = self
        return try await cache.run { provider.planNow(request) }.get()
    }

    /// Resolves a call's credentials; file work (two `stat`s, a read only when a file changed) runs on the
    /// provider's serial queue, off the cooperative pool; fetched credentials are reused until shortly before expiry.
    public func resolve(_ request: CredentialRequest) async throws(CredentialResolutionError) -> ResolvedCredentials {
        switch try await plan(request) {
        case .ready(let resolved):
            return resolved
        case .fetch(let pending):
            let fetcher = AliyunProfileCredentialFetcher(services: services, environment: environment, cache: temporary)
            do throws(AliyunProfileProblem) {
                let fetched = try await fetcher.credentials(for: pending.profile, in: pending.configuration)
                return pending.resolved(with: fetched.credentials, usableUntil: fetched.usableUntil)
            } catch {
                throw .aliyunProfileFailed(error)
            }
        }
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

    /// What a call without credentials would use right now, e.g. "profile:work" or "aliyun-cli:dev (RamRoleArn)",
    /// or the error's message; never fetches (no role is assumed just to say which would be).
    public func defaultSourceDescription() async -> String {
        do throws(CredentialResolutionError) {
            return try await plan(CredentialRequest()).source.description
        } catch {
            return "none (\(error))"
        }
    }
}

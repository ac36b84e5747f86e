import Foundation

/// Obtains an aliyun CLI profile's credentials, fetching them for RamRoleArn, ChainableRamRoleArn (through the
/// source profile, recursively, cycles refused), External and CredentialsURI, and caching what was fetched.
struct AliyunProfileCredentialFetcher: Sendable {
    let services: CredentialServices
    let environment: [String: String]
    let cache: TemporaryCredentialCache

    /// The profile's credentials and until when they may be used (nil: as long as the file is unchanged).
    func credentials(for profile: AliyunCLIConfiguration.Profile, in configuration: AliyunCLIConfiguration)
        async throws(AliyunProfileProblem) -> (credentials: AccessCredentials, usableUntil: Date?)
    {
        try await credentials(for: profile, in: configuration, chain: [])
    }

    private func credentials(
        for profile: AliyunCLIConfiguration.Profile, in configuration: AliyunCLIConfiguration, chain: [String]
    ) async throws(AliyunProfileProblem) -> (credentials: AccessCredentials, usableUntil: Date?) {
        let recipe = try profile.recipe().get()
        let mode = profile.effectiveMode
        let name = profile.name
        switch recipe {
        case .fixed(let credentials):
            return (credentials, nil)
        case .external(let command):
            let environment = self.environment
            let timeout = services.processTimeout
            return try await cached(Key(profile: name, recipe: recipe)) { () throws(AliyunProfileProblem) in
                let outcome = await BlockingWork.run(name: "external-credentials") {
                    ExternalCredentialProcess.run(command: command, environment: environment, timeout: timeout)
                }
                switch outcome {
                case .failure(let failure): throw .externalProcessFailed(profile: name, reason: failure.description)
                case .success(let output):
                    switch ExternalCredentialOutput.parse(output) {
                    case .success(let credentials): return credentials
                    case .failure(let reason): throw .externalProcessFailed(profile: name, reason: reason.description)
                    }
                }
            }
        case .credentialsURI(let uri):
            if let refusal = CredentialsURIAnswer.refusal(uri) { throw .credentialsURIRefused(profile: name, reason: refusal) }
            guard let fetchURL = services.fetchURL else { throw .fetchingUnavailable(profile: name, mode: mode) }
            return try await cached(Key(profile: name, recipe: recipe)) { () throws(AliyunProfileProblem) in
                let answer: (status: Int, body: [UInt8])
                do throws(RemoteCredentialFailure) {
                    answer = try await fetchURL(uri)
                } catch {
                    throw .credentialsURIFailed(
                        profile: name, reason: "could not be fetched: " + CredentialsURIAnswer.scrub(error.description, uri: uri))
                }
                switch CredentialsURIAnswer.parse(status: answer.status, body: answer.body) {
                case .success(let credentials): return credentials
                case .failure(let reason): throw .credentialsURIFailed(profile: name, reason: reason.description)
                }
            }
        case .assumeRole(let settings, let signerKind):
            guard let assumeRole = services.assumeRole else { throw .fetchingUnavailable(profile: name, mode: mode) }
            let signer: AccessCredentials
            switch signerKind {
            case .keys(let keys):
                signer = keys
            case .sourceProfile(let sourceName):
                let visited = chain + [name]
                if visited.contains(sourceName) { throw .sourceProfileCycle(chain: visited + [sourceName]) }
                guard let source = configuration.profile(named: sourceName) else {
                    throw .sourceProfileNotFound(profile: name, sourceProfile: sourceName)
                }
                signer = try await credentials(for: source, in: configuration, chain: visited).credentials
            }
            let now = services.now
            return try await cached(Key(profile: name, recipe: recipe, signer: signer)) { () throws(AliyunProfileProblem) in
                let request = RoleAssumptionRequest(
                    roleArn: settings.roleArn, sessionName: settings.sessionName(at: now()),
                    durationSeconds: settings.durationSeconds, externalId: settings.externalId, policy: settings.policy,
                    endpoint: settings.endpoint, signer: signer)
                do throws(RemoteCredentialFailure) {
                    return try await assumeRole(request)
                } catch {
                    switch error {
                    case .service(let code, let status, let message):
                        throw .roleAssumptionRefused(
                            profile: name, code: code, httpStatus: status, message: Self.scrub(message, of: signer))
                    case .unreachable(let reason):
                        throw .roleAssumptionFailed(profile: name, reason: Self.scrub(reason, of: signer))
                    }
                }
            }
        }
    }

    private typealias Key = TemporaryCredentialCache.Key

    private func cached(
        _ key: Key, fetch: @escaping @Sendable () async throws(AliyunProfileProblem) -> TemporaryCredentials
    ) async throws(AliyunProfileProblem) -> (credentials: AccessCredentials, usableUntil: Date?) {
        let now = services.now()
        let margin = services.refreshMargin
        let unexpiring = services.unexpiringLifetime
        let entry = try await cache.value(
            for: key, now: now,
            lifetime: { fetched in fetched.expiration.map { $0.addingTimeInterval(-margin) } ?? now.addingTimeInterval(unexpiring) },
            fetch: fetch)
        return (entry.credentials.credentials, entry.usableUntil)
    }

    /// Removes the signer's secret and token from a message, should a service ever echo them.
    static func scrub(_ message: String, of signer: AccessCredentials) -> String {
        var text = message
        for secret in [signer.accessKeySecret, signer.securityToken].compactMap({ $0 }) where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "****")
        }
        return text
    }
}

/// The resolution chain, as a pure function of a request and a context. The first step that applies wins:
/// 1. explicit `accessKeyId` + `accessKeySecret` (+ `securityToken`) parameters;
/// 2. the `profile` parameter; 3. the server's `--profile`; 4. the store's default profile;
/// 5. `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `_SECURITY_TOKEN`; 6. the aliyun CLI's active profile
/// (5 and 6 not under `--simulator`: they hold real-cloud keys); 7. under `--simulator`, the simulator's key.
/// Otherwise an error listing what each step found.
/// A profile that was asked for but is missing is an error, never a fall-through.
/// The region: parameter → the chosen profile's region → `ALIBABA_CLOUD_REGION_ID` → the aliyun CLI profile's region.
public enum CredentialResolver {
    /// The simulator's demo key pair (public knowledge, used only under `--simulator`).
    public static let simulatorDemoCredentials = AccessCredentials(accessKeyId: "testid", accessKeySecret: "testsecret")

    /// Resolves without fetching anything: an aliyun CLI profile whose credentials must be fetched (RamRoleArn,
    /// ChainableRamRoleArn, External, CredentialsURI) is an `.aliyunProfileFailed(.needsFetching)` error here;
    /// `CredentialProvider.resolve` fetches them.
    public static func resolve(_ request: CredentialRequest, in context: ResolutionContext)
        -> Result<ResolvedCredentials, CredentialResolutionError>
    {
        plan(request, in: context).flatMap { plan in
            switch plan {
            case .ready(let resolved): return .success(resolved)
            case .fetch(let pending):
                return .failure(.aliyunProfileFailed(.needsFetching(profile: pending.profile.name, mode: pending.profile.effectiveMode)))
            }
        }
    }

    /// The chain as a pure function: the credentials, or the aliyun CLI profile whose credentials must be fetched.
    public static func plan(_ request: CredentialRequest, in context: ResolutionContext)
        -> Result<CredentialPlan, CredentialResolutionError>
    {
        var tried: [String] = []
        // 1. Explicit parameters.
        if request.hasExplicitKeys {
            guard let accessKeyId = request.accessKeyId else { return .failure(.incompleteParameters(missing: "accessKeyId")) }
            guard let accessKeySecret = request.accessKeySecret else {
                return .failure(.incompleteParameters(missing: "accessKeySecret"))
            }
            let credentials = AccessCredentials(
                accessKeyId: accessKeyId, accessKeySecret: accessKeySecret, securityToken: request.securityToken)
            return .success(.ready(finish(credentials, source: .parameters, profileRegion: nil, profileEndpoint: nil, request, context)))
        }
        tried.append("accessKeyId/accessKeySecret parameters: not given")

        // 2–4. Store profiles, chosen by parameter, server flag or default.
        let selection: (String, ProfileSelection)?
        if let name = request.profile {
            selection = (name, .parameter)
        } else if let name = context.serverProfile {
            selection = (name, .serverFlag)
        } else {
            selection = nil
        }
        if selection == nil {
            tried.append("profile parameter: not given")
            tried.append("server --profile: not set")
        }
        let stored: StoredCredentials
        switch context.store {
        case .success(let value): stored = value
        case .failure(let error): return .failure(.storeUnavailable(error))
        }
        let chosen: (String, ProfileSelection)? = selection ?? stored.defaultProfileName.map { ($0, .storeDefault) }
        if let (name, how) = chosen {
            guard let profile = stored.profile(named: name) else {
                return .failure(.profileNotFound(name: name, selectedBy: how, available: stored.profileNames))
            }
            return .success(
                .ready(
                    finish(
                        profile.credentials, source: .profile(name: name, selectedBy: how),
                        profileRegion: profile.regionId.map { ($0, RegionSource.profile(name: name)) },
                        profileEndpoint: profile.endpoint, request, context)))
        }
        tried.append("default profile in \(context.storePath ?? "the store"): none set")

        // 5 and 6 hold real-cloud keys, which the embedded simulator does not know: under --simulator they are
        // skipped, so a call without credentials just works (a stand-alone simulator behind --endpoint keeps them).
        if context.simulator {
            tried.append("environment and aliyun CLI config: skipped under --simulator (real-cloud keys)")
        } else if let found = realCloudCredentials(request, context, tried: &tried) {
            return found
        }

        // 7. The simulator's demo pair, or its own first key when it was given keys.
        if context.simulator {
            return .success(
                .ready(
                    finish(
                        context.simulatorKey ?? simulatorDemoCredentials,
                        source: context.simulatorKey == nil ? .simulatorDemo : .simulatorKey, profileRegion: nil,
                        profileEndpoint: nil, request, context)))
        }
        tried.append("simulator demo pair: only under --simulator")
        return .failure(.noCredentials(tried: tried))
    }

    /// Steps 5 (the environment) and 6 (the aliyun CLI's active profile): their outcome, or nil to go on.
    private static func realCloudCredentials(
        _ request: CredentialRequest, _ context: ResolutionContext, tried: inout [String]
    ) -> Result<CredentialPlan, CredentialResolutionError>? {
        // 5. Environment.
        let environmentId = EnvironmentNames.firstEntry(EnvironmentNames.accessKeyId, in: context.environment)
        let environmentSecret = EnvironmentNames.firstEntry(EnvironmentNames.accessKeySecret, in: context.environment)
        switch (environmentId, environmentSecret) {
        case (let id?, let secret?):
            let token = EnvironmentNames.first(EnvironmentNames.securityToken, in: context.environment)
            let credentials = AccessCredentials(accessKeyId: id.value, accessKeySecret: secret.value, securityToken: token)
            return .success(.ready(finish(credentials, source: .environment, profileRegion: nil, profileEndpoint: nil, request, context)))
        case (let id?, nil):
            tried.append("environment: \(id.name) is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
        case (nil, let secret?):
            tried.append("environment: \(secret.name) is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not")
        case (nil, nil):
            tried.append("environment: ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET not set")
        }

        // 6. The aliyun CLI's active profile.
        let cliPath = context.aliyunCLIPath ?? "~/.aliyun/config.json"
        switch context.aliyunCLI {
        case nil:
            tried.append("aliyun CLI config \(cliPath): not found")
        case .failure(let problem)?:
            tried.append("aliyun CLI config: \(problem)")
        case .success(let configuration)?:
            let name = configuration.selectedProfileName(environment: context.environment)
            if let profile = configuration.profile(named: name) {
                let source = CredentialSource.aliyunCLI(profile: name, mode: profile.effectiveMode)
                switch profile.recipe() {
                case .success(.fixed(let credentials)):
                    return .success(
                        .ready(
                            finish(
                                credentials, source: source, profileRegion: nil, profileEndpoint: profile.endpoint, request,
                                context)))
                case .success:
                    let region = regionChoice(request: request, profileRegion: nil, context: context)
                    return .success(
                        .fetch(
                            PendingAliyunCredentials(
                                profile: profile, configuration: configuration, source: source, regionId: region?.0,
                                regionSource: region?.1, endpoint: endpoint(profile.endpoint, context))))
                case .failure(let problem):
                    tried.append("aliyun CLI config \(cliPath): \(problem)")
                }
            } else {
                tried.append("aliyun CLI config \(cliPath): no profile named '\(name)'")
            }
        }
        return nil
    }

    /// Picks the region and endpoint once the credentials are known.
    private static func finish(
        _ credentials: AccessCredentials, source: CredentialSource, profileRegion: (String, RegionSource)?,
        profileEndpoint: String?, _ request: CredentialRequest, _ context: ResolutionContext
    ) -> ResolvedCredentials {
        let region = regionChoice(request: request, profileRegion: profileRegion, context: context)
        return ResolvedCredentials(
            credentials: credentials, source: source, regionId: region?.0, regionSource: region?.1,
            endpoint: endpoint(profileEndpoint, context))
    }

    private static func endpoint(_ profileEndpoint: String?, _ context: ResolutionContext) -> String? {
        profileEndpoint ?? EnvironmentNames.first(EnvironmentNames.endpoint, in: context.environment)
    }

    private static func regionChoice(
        request: CredentialRequest, profileRegion: (String, RegionSource)?, context: ResolutionContext
    ) -> (String, RegionSource)? {
        if let region = request.regionId { return (region, .parameter) }
        if let profileRegion { return profileRegion }
        if let region = EnvironmentNames.first(EnvironmentNames.regionId, in: context.environment) {
            return (region, .environment)
        }
        if case .success(let configuration)? = context.aliyunCLI {
            let name = configuration.selectedProfileName(environment: context.environment)
            if let region = configuration.profile(named: name)?.regionId { return (region, .aliyunCLI(profile: name)) }
        }
        return nil
    }
}

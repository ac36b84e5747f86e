import Testing

@testable import CredentialStore

@Suite("Credential resolution chain")
struct CredentialResolverTests {
    static let cliFile = """
        {
        \t"current": "cli-main",
        \t"profiles": [
        \t\t{"name": "cli-main", "mode": "AK", "access_key_id": "LTAIcliMainKey0001", "access_key_secret": "cli-main-secret",
        \t\t "sts_token": "", "region_id": "cn-shanghai", "output_format": "json", "language": "en", "read_timeout": 0},
        \t\t{"name": "cli-sts", "mode": "StsToken", "access_key_id": "STS.cliKey0002", "access_key_secret": "cli-sts-secret",
        \t\t "sts_token": "cli-sts-token", "region_id": "eu-central-1"},
        \t\t{"name": "cli-role", "mode": "EcsRamRole", "ram_role_name": "role", "region_id": "cn-beijing"},
        \t\t{"name": "cli-noregion", "mode": "AK", "access_key_id": "LTAIcliNoRegion03", "access_key_secret": "s3"}
        \t],
        \t"meta_path": ""
        }
        """

    static func cli(_ text: String = cliFile) -> Result<AliyunCLIConfiguration, AliyunConfigurationProblem> {
        AliyunCLIConfiguration.parse(Array(text.utf8), path: "/home/u/.aliyun/config.json")
    }

    static let store: StoredCredentials = {
        do {
            return StoredCredentials(
                profiles: [
                    try CredentialProfile(
                        name: "work", accessKeyId: "LTAIworkKey000001", accessKeySecret: "work-secret",
                        regionId: "cn-hangzhou", endpoint: "ecs.cn-hangzhou.aliyuncs.com"),
                    try CredentialProfile(name: "home", accessKeyId: "LTAIhomeKey000002", accessKeySecret: "home-secret"),
                    try CredentialProfile(name: "flag", accessKeyId: "LTAIflagKey000003", accessKeySecret: "flag-secret",
                        regionId: "ap-southeast-1"),
                ], defaultProfileName: "home")
        } catch {
            fatalError("fixture: \(error)")
        }
    }()

    static let environment = [
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenvKey0000004", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "env-secret",
        "ALIBABA_CLOUD_SECURITY_TOKEN": "env-token", "ALIBABA_CLOUD_REGION_ID": "us-west-1",
    ]

    /// A context where every source is present; each case removes the ones above the step it checks.
    static func fullContext() -> ResolutionContext {
        ResolutionContext(
            serverProfile: "flag", store: .success(store), storePath: "/x/credentials.json", environment: environment,
            aliyunCLI: cli(), aliyunCLIPath: "/home/u/.aliyun/config.json", simulator: true)
    }

    func resolve(_ request: CredentialRequest, _ context: ResolutionContext) throws -> ResolvedCredentials {
        try CredentialResolver.resolve(request, in: context).get()
    }

    @Test("1. explicit parameters win over everything")
    func explicitParameters() throws {
        let resolved = try resolve(
            CredentialRequest(accessKeyId: "LTAIparamKey00005", accessKeySecret: "param-secret", profile: "work"),
            Self.fullContext())
        #expect(resolved.source == .parameters)
        #expect(resolved.credentials == AccessCredentials(accessKeyId: "LTAIparamKey00005", accessKeySecret: "param-secret"))
        #expect(resolved.regionId == "us-west-1")
        #expect(resolved.regionSource == .environment)
    }

    @Test("1. explicit parameters carry the security token")
    func explicitToken() throws {
        let resolved = try resolve(
            CredentialRequest(accessKeyId: "STS.k", accessKeySecret: "s", securityToken: "t", regionId: "cn-qingdao"),
            ResolutionContext())
        #expect(resolved.credentials.securityToken == "t")
        #expect(resolved.regionId == "cn-qingdao")
        #expect(resolved.regionSource == .parameter)
    }

    @Test("1. half a key pair is an error, not a fall-through")
    func incompleteParameters() {
        #expect(
            CredentialResolver.resolve(CredentialRequest(accessKeyId: "LTAIx"), in: Self.fullContext())
                == .failure(.incompleteParameters(missing: "accessKeySecret")))
        #expect(
            CredentialResolver.resolve(CredentialRequest(accessKeySecret: "only-secret"), in: Self.fullContext())
                == .failure(.incompleteParameters(missing: "accessKeyId")))
        #expect(
            CredentialResolver.resolve(CredentialRequest(securityToken: "tok"), in: Self.fullContext())
                == .failure(.incompleteParameters(missing: "accessKeyId")))
    }

    @Test("2. the profile parameter wins over --profile, the default, the environment and the CLI")
    func profileParameter() throws {
        let resolved = try resolve(CredentialRequest(profile: "work"), Self.fullContext())
        #expect(resolved.source == .profile(name: "work", selectedBy: .parameter))
        #expect(resolved.source.description == "profile:work")
        #expect(resolved.credentials.accessKeySecret == "work-secret")
        #expect(resolved.regionId == "cn-hangzhou")
        #expect(resolved.regionSource == .profile(name: "work"))
        #expect(resolved.endpoint == "ecs.cn-hangzhou.aliyuncs.com")
    }

    @Test("2. a missing profile parameter is an error naming the profiles")
    func missingProfileParameter() {
        #expect(
            CredentialResolver.resolve(CredentialRequest(profile: "nope"), in: Self.fullContext())
                == .failure(.profileNotFound(name: "nope", selectedBy: .parameter, available: ["flag", "home", "work"])))
    }

    @Test("3. the server's --profile wins over the default")
    func serverFlag() throws {
        let resolved = try resolve(CredentialRequest(), Self.fullContext())
        #expect(resolved.source == .profile(name: "flag", selectedBy: .serverFlag))
        #expect(resolved.regionId == "ap-southeast-1")
        var context = Self.fullContext()
        context.serverProfile = "gone"
        #expect(
            CredentialResolver.resolve(CredentialRequest(), in: context)
                == .failure(.profileNotFound(name: "gone", selectedBy: .serverFlag, available: ["flag", "home", "work"])))
    }

    @Test("4. the store's default profile wins over the environment; a profile without region takes the environment's")
    func storeDefault() throws {
        var context = Self.fullContext()
        context.serverProfile = nil
        let resolved = try resolve(CredentialRequest(), context)
        #expect(resolved.source == .profile(name: "home", selectedBy: .storeDefault))
        #expect(resolved.credentials.accessKeySecret == "home-secret")
        #expect(resolved.regionId == "us-west-1")
        #expect(resolved.regionSource == .environment)
        #expect(resolved.endpoint == nil)
    }

    @Test("4. an unreadable store is an error once the chain needs it, never skipped")
    func unreadableStore() throws {
        var context = Self.fullContext()
        context.serverProfile = nil
        context.store = .failure(.corruptFile(path: "/x/credentials.json", reason: "not valid JSON"))
        #expect(
            CredentialResolver.resolve(CredentialRequest(), in: context)
                == .failure(.storeUnavailable(.corruptFile(path: "/x/credentials.json", reason: "not valid JSON"))))
        // Explicit keys do not need the store.
        let resolved = try resolve(CredentialRequest(accessKeyId: "a", accessKeySecret: "b"), context)
        #expect(resolved.source == .parameters)
    }

    @Test("5. the environment wins over the aliyun CLI, with the token and region")
    func environment() throws {
        var context = Self.fullContext()
        context.simulator = false
        context.serverProfile = nil
        context.store = .success(StoredCredentials(profiles: Self.store.profiles))
        let resolved = try resolve(CredentialRequest(), context)
        #expect(resolved.source == .environment)
        #expect(
            resolved.credentials
                == AccessCredentials(accessKeyId: "LTAIenvKey0000004", accessKeySecret: "env-secret", securityToken: "env-token"))
        #expect(resolved.regionId == "us-west-1")
        #expect(resolved.regionSource == .environment)
    }

    @Test("under --simulator, the environment and the aliyun CLI (real-cloud keys) are skipped for the simulator's key")
    func simulatorSkipsRealCloudSources() throws {
        var context = Self.fullContext()
        context.serverProfile = nil
        context.store = .success(StoredCredentials(profiles: Self.store.profiles))
        let resolved = try resolve(CredentialRequest(), context)
        #expect(resolved.source == .simulatorDemo)
        // The region still comes from the chain.
        #expect(resolved.regionId == "us-west-1")
        context.simulator = false
        #expect(try resolve(CredentialRequest(), context).source == .environment)
    }

    @Test("5. the alternative spellings of the environment variables work")
    func environmentAlternatives() throws {
        let context = ResolutionContext(
            environment: ["ALICLOUD_ACCESS_KEY_ID": "id2", "ALIBABACLOUD_ACCESS_KEY_SECRET": "sec2", "ALICLOUD_REGION_ID": "cn-beijing"])
        let resolved = try resolve(CredentialRequest(), context)
        #expect(resolved.credentials == AccessCredentials(accessKeyId: "id2", accessKeySecret: "sec2"))
        #expect(resolved.regionId == "cn-beijing")
    }

    @Test("6. the aliyun CLI's current profile, its region below the environment's")
    func aliyunCLICurrent() throws {
        var context = Self.fullContext()
        context.simulator = false
        context.serverProfile = nil
        context.store = .success(StoredCredentials())
        context.environment = ["ALIBABA_CLOUD_REGION_ID": "us-east-1"]
        let resolved = try resolve(CredentialRequest(), context)
        #expect(resolved.source == .aliyunCLI(profile: "cli-main", mode: "AK"))
        #expect(resolved.source.description == "aliyun-cli:cli-main (AK)")
        #expect(resolved.credentials == AccessCredentials(accessKeyId: "LTAIcliMainKey0001", accessKeySecret: "cli-main-secret"))
        #expect(resolved.regionId == "us-east-1")
        context.environment = [:]
        #expect(try resolve(CredentialRequest(), context).regionId == "cn-shanghai")
        #expect(try resolve(CredentialRequest(), context).regionSource == .aliyunCLI(profile: "cli-main"))
    }

    @Test("6. ALIBABA_CLOUD_PROFILE (and its spellings) choose the CLI profile; StsToken mode carries the token")
    func aliyunCLIProfileVariable() throws {
        for variable in ["ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE"] {
            let context = ResolutionContext(environment: [variable: "cli-sts"], aliyunCLI: Self.cli())
            let resolved = try resolve(CredentialRequest(), context)
            #expect(resolved.source == .aliyunCLI(profile: "cli-sts", mode: "StsToken"))
            #expect(
                resolved.credentials
                    == AccessCredentials(accessKeyId: "STS.cliKey0002", accessKeySecret: "cli-sts-secret", securityToken: "cli-sts-token"))
            #expect(resolved.regionId == "eu-central-1")
        }
    }

    @Test("6. an unsupported CLI mode falls through to the simulator, and is listed when nothing is found")
    func aliyunCLIUnsupportedMode() throws {
        var context = ResolutionContext(environment: ["ALIBABA_CLOUD_PROFILE": "cli-role"], aliyunCLI: Self.cli(), simulator: true)
        #expect(try resolve(CredentialRequest(), context).source == .simulatorDemo)
        context.simulator = false
        guard case .failure(.noCredentials(let tried)) = CredentialResolver.resolve(CredentialRequest(), in: context) else {
            Issue.record("expected noCredentials")
            return
        }
        #expect(tried.contains { $0.contains("mode EcsRamRole") })
    }

    @Test("7. under --simulator the demo pair is the last resort; region still comes from the chain")
    func simulatorDemo() throws {
        let resolved = try resolve(
            CredentialRequest(), ResolutionContext(environment: ["ALIBABA_CLOUD_REGION_ID": "cn-hangzhou"], simulator: true))
        #expect(resolved.source == .simulatorDemo)
        #expect(resolved.source.description == "simulator-demo")
        #expect(resolved.credentials == AccessCredentials(accessKeyId: "testid", accessKeySecret: "testsecret"))
        #expect(resolved.regionId == "cn-hangzhou")
    }

    @Test("7. when the simulator was given keys, its first key replaces the demo pair (which it no longer accepts)")
    func simulatorKey() throws {
        let key = AccessCredentials(accessKeyId: "sim-id", accessKeySecret: "Sim-Secret-7")
        let resolved = try resolve(CredentialRequest(), ResolutionContext(simulator: true, simulatorKey: key))
        #expect(resolved.source == .simulatorKey)
        #expect(resolved.source.description == "simulator-key")
        #expect(resolved.credentials == key)
        // Without --simulator the key is never used.
        #expect(throws: CredentialResolutionError.self) {
            try resolve(CredentialRequest(), ResolutionContext(simulator: false, simulatorKey: key))
        }
    }

    @Test("8. nothing found: the error lists every step, without secrets")
    func nothingFound() {
        let context = ResolutionContext(
            storePath: "/x/credentials.json", environment: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIhalfPair0009"],
            aliyunCLI: nil, aliyunCLIPath: "/home/u/.aliyun/config.json")
        let result = CredentialResolver.resolve(CredentialRequest(), in: context)
        guard case .failure(let error) = result, case .noCredentials(let tried) = error else {
            Issue.record("expected noCredentials, got \(result)")
            return
        }
        #expect(tried.count == 7)
        #expect(tried[0].hasPrefix("accessKeyId/accessKeySecret parameters"))
        #expect(tried[3].contains("/x/credentials.json"))
        #expect(tried[4] == "environment: ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
        #expect(tried[5] == "aliyun CLI config /home/u/.aliyun/config.json: not found")
        #expect(tried[6].hasPrefix("simulator demo pair"))
        #expect(!error.description.contains("LTAIhalfPair0009"))
    }

    @Test("an unreadable CLI file or a missing CLI profile is noted, not fatal")
    func brokenCLIFile() throws {
        let broken = ResolutionContext(aliyunCLI: Self.cli("{ nope"), simulator: true)
        #expect(try resolve(CredentialRequest(), broken).source == .simulatorDemo)
        let missing = ResolutionContext(environment: ["ALIBABA_CLOUD_PROFILE": "ghost"], aliyunCLI: Self.cli())
        guard case .failure(.noCredentials(let tried)) = CredentialResolver.resolve(CredentialRequest(), in: missing) else {
            Issue.record("expected noCredentials")
            return
        }
        #expect(tried.contains { $0.hasSuffix("no profile named 'ghost'") })
    }

    @Test("a CLI file without current uses the profile named default; an empty mode is inferred")
    func cliDefaults() throws {
        let text = #"{"profiles": [{"name": "default", "access_key_id": "k", "access_key_secret": "s", "sts_token": "t"}]}"#
        let resolved = try resolve(CredentialRequest(), ResolutionContext(aliyunCLI: Self.cli(text)))
        #expect(resolved.source == .aliyunCLI(profile: "default", mode: "StsToken"))
        #expect(resolved.credentials.securityToken == "t")
    }

    @Test("resolved values describe themselves without secrets")
    func descriptions() throws {
        let resolved = try resolve(CredentialRequest(profile: "work"), Self.fullContext())
        let request = CredentialRequest(accessKeyId: "LTAIparamKey00005", accessKeySecret: "param-secret", securityToken: "param-token")
        for text in ["\(resolved)", "\(request)"] {
            #expect(!text.contains("secret") || text.contains("accessKeySecret ****"))
            #expect(!text.contains("work-secret"))
            #expect(!text.contains("param-secret"))
            #expect(!text.contains("param-token"))
        }
    }
}

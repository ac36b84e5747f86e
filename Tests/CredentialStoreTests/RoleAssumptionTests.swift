import Foundation
import Synchronization
import Testing

@testable import CredentialStore

/// A scripted STS: records each AssumeRole request and answers with numbered temporary keys.
final class ScriptedSTS: Sendable {
    let requests = Mutex<[RoleAssumptionRequest]>([])
    let failure = Mutex<RemoteCredentialFailure?>(nil)
    let lifetime: TimeInterval
    let clock: ManualClock

    init(clock: ManualClock, lifetime: TimeInterval = 3600) {
        self.clock = clock
        self.lifetime = lifetime
    }

    var assumer: CredentialServices.RoleAssumer {
        { request throws(RemoteCredentialFailure) in
            let count = self.requests.withLock { list in
                list.append(request)
                return list.count
            }
            if let failure = self.failure.withLock({ $0 }) { throw failure }
            return TemporaryCredentials(
                credentials: AccessCredentials(
                    accessKeyId: "STS.assumed\(count)", accessKeySecret: "Assumed-Secret-\(count)",
                    securityToken: "Assumed-Token-\(count)"),
                expiration: self.clock.now().addingTimeInterval(self.lifetime))
        }
    }

    var count: Int { requests.withLock { $0.count } }
}

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite("aliyun CLI RamRoleArn and ChainableRamRoleArn")
struct RoleAssumptionTests {
    static let file = """
        {"current": "role", "profiles": [
          {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIroleSigner001", "access_key_secret": "Signer-Secret-1",
           "ram_role_arn": "acs:ram::123456789012:role/ops", "ram_session_name": "alice", "expired_seconds": 99999,
           "external_id": "ext-7", "sts_region": "cn-beijing", "region_id": "cn-beijing"},
          {"name": "plain", "mode": "ramrolearn", "access_key_id": "LTAIplainSigner02", "access_key_secret": "Signer-Secret-2",
           "ram_role_arn": "acs:ram::123456789012:role/plain", "sts_endpoint": "http://127.0.0.1:9/"},
          {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "role",
           "ram_role_arn": "acs:ram::123456789012:role/second", "expired_seconds": 10,
           "policy": "{\\"Version\\": \\"1\\"}", "sts_region": "cn-shanghai", "enable_vpc": true},
          {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "acs:ram::1:role/a"},
          {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "acs:ram::1:role/b"},
          {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "nobody", "ram_role_arn": "acs:ram::1:role/c"},
          {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "instance-role"}
        ]}
        """

    static func setUp(profile: String? = nil) -> (TemporaryDirectory, CredentialProvider, ScriptedSTS, ManualClock) {
        let home = TemporaryDirectory()
        home.write(file, to: ".aliyun/config.json")
        let clock = ManualClock()
        let sts = ScriptedSTS(clock: clock)
        var environment = ["HOME": home.path, "ECSRPC_CONFIG_DIR": home.path + "/store"]
        if let profile { environment["ALIBABA_CLOUD_PROFILE"] = profile }
        let provider = CredentialProvider(environment: environment)
            .with(services: CredentialServices(assumeRole: sts.assumer, now: { clock.now() }))
        return (home, provider, sts, clock)
    }

    @Test("RamRoleArn signs AssumeRole with the profile's keys and sends its settings; the source names the mode")
    func ramRoleArn() async throws {
        let (home1, provider, sts, _) = Self.setUp()
        defer { withExtendedLifetime(home1) {} }
        let resolved = try await provider.resolve(CredentialRequest())
        #expect(resolved.credentials.accessKeyId == "STS.assumed1")
        #expect(resolved.credentials.securityToken == "Assumed-Token-1")
        #expect(resolved.source.description == "aliyun-cli:role (RamRoleArn)")
        #expect(resolved.regionId == "cn-beijing")
        let request = try #require(sts.requests.withLock { $0.first })
        #expect(request.signer == AccessCredentials(accessKeyId: "LTAIroleSigner001", accessKeySecret: "Signer-Secret-1"))
        #expect(request.roleArn == "acs:ram::123456789012:role/ops")
        #expect(request.sessionName == "alice")
        #expect(request.durationSeconds == 43200)
        #expect(request.externalId == "ext-7")
        #expect(request.endpoint == "sts.cn-beijing.aliyuncs.com")
        #expect(request.parameters["DurationSeconds"] == "43200")
        #expect(request.parameters["ExternalId"] == "ext-7")
        #expect(!"\(request)".contains("Signer-Secret-1"))
    }

    @Test("defaults: session ecsrpc-<unix time>, 3600 s, sts_endpoint wins; mode is matched case-insensitively")
    func defaults() async throws {
        let (home2, provider, sts, clock) = Self.setUp(profile: "plain")
        defer { withExtendedLifetime(home2) {} }
        _ = try await provider.resolve(CredentialRequest())
        let request = try #require(sts.requests.withLock { $0.first })
        #expect(request.sessionName == "ecsrpc-\(Int(clock.now().timeIntervalSince1970))")
        #expect(request.durationSeconds == 3600)
        #expect(request.endpoint == "http://127.0.0.1:9/")
        #expect(request.externalId == nil && request.parameters["ExternalId"] == nil)
        #expect(RoleAssumptionSettings.clampedDuration(10) == 900)
        #expect(RoleAssumptionSettings.clampedDuration(0) == 3600)
    }

    @Test("temporary credentials are reused until five minutes before expiry, then assumed again")
    func caching() async throws {
        let (home3, provider, sts, clock) = Self.setUp()
        defer { withExtendedLifetime(home3) {} }
        let first = try await provider.resolve(CredentialRequest())
        clock.advance(3600 - 301)
        #expect(try await provider.resolve(CredentialRequest()).credentials == first.credentials)
        #expect(sts.count == 1)
        #expect(first.usableUntil == clock.now().addingTimeInterval(1))
        clock.advance(2)
        let second = try await provider.resolve(CredentialRequest())
        #expect(second.credentials.accessKeyId == "STS.assumed2")
        #expect(sts.count == 2)
    }

    @Test("concurrent calls share one AssumeRole")
    func concurrentCallsShareOneFetch() async throws {
        let (home4, provider, sts, _) = Self.setUp()
        defer { withExtendedLifetime(home4) {} }
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await provider.resolve(CredentialRequest()).credentials.accessKeyId } }
            for try await id in group { #expect(id == "STS.assumed1") }
        }
        #expect(sts.count == 1)
    }

    @Test("STS errors name the profile and code, are never cached, and never show a secret")
    func failures() async throws {
        let (home5, provider, sts, _) = Self.setUp()
        defer { withExtendedLifetime(home5) {} }
        sts.failure.withLock {
            $0 = .service(code: "NoPermission", httpStatus: 403, message: "No permission; echoed Signer-Secret-1")
        }
        do {
            _ = try await provider.resolve(CredentialRequest())
            Issue.record("expected a failure")
        } catch {
            #expect(error == .aliyunProfileFailed(
                .roleAssumptionRefused(profile: "role", code: "NoPermission", httpStatus: 403, message: "No permission; echoed ****")))
            #expect(error.description.contains("profile 'role'"))
            #expect(error.description.contains("NoPermission"))
            #expect(!error.description.contains("Signer-Secret-1"))
        }
        sts.failure.withLock { $0 = nil }
        #expect(try await provider.resolve(CredentialRequest()).credentials.accessKeyId == "STS.assumed2")
    }

    @Test("ChainableRamRoleArn assumes the source profile's role first and signs with its temporary keys")
    func chainable() async throws {
        let (home6, provider, sts, _) = Self.setUp(profile: "chain")
        defer { withExtendedLifetime(home6) {} }
        let resolved = try await provider.resolve(CredentialRequest())
        #expect(resolved.source.description == "aliyun-cli:chain (ChainableRamRoleArn)")
        #expect(resolved.credentials.accessKeyId == "STS.assumed2")
        let requests = sts.requests.withLock { $0 }
        #expect(requests.count == 2)
        #expect(requests[0].roleArn == "acs:ram::123456789012:role/ops")
        #expect(requests[1].roleArn == "acs:ram::123456789012:role/second")
        #expect(requests[1].signer.accessKeyId == "STS.assumed1")
        #expect(requests[1].signer.securityToken == "Assumed-Token-1")
        #expect(requests[1].durationSeconds == 900)
        #expect(requests[1].endpoint == "sts-vpc.cn-shanghai.aliyuncs.com")
        #expect(requests[1].parameters["Policy"] == #"{"Version": "1"}"#)
        #expect(requests[0].parameters["Policy"] == nil)
    }

    @Test("source_profile cycles and missing source profiles are refused before any STS call")
    func chainProblems() async throws {
        let (home7, cycle, sts, _) = Self.setUp(profile: "loop-a")
        defer { withExtendedLifetime(home7) {} }
        await #expect(throws: CredentialResolutionError.aliyunProfileFailed(.sourceProfileCycle(chain: ["loop-a", "loop-b", "loop-a"]))) {
            try await cycle.resolve(CredentialRequest())
        }
        let (home8, orphan, _, _) = Self.setUp(profile: "orphan")
        defer { withExtendedLifetime(home8) {} }
        await #expect(throws: CredentialResolutionError.aliyunProfileFailed(.sourceProfileNotFound(profile: "orphan", sourceProfile: "nobody"))) {
            try await orphan.resolve(CredentialRequest())
        }
        #expect(sts.count == 0)
    }

    @Test("without a role assumer the profile says so; EcsRamRole stays unsupported and names instance metadata")
    func unavailable() async throws {
        let home = TemporaryDirectory()
        home.write(Self.file, to: ".aliyun/config.json")
        let bare = CredentialProvider(environment: ["HOME": home.path, "ECSRPC_CONFIG_DIR": home.path + "/store"])
        await #expect(throws: CredentialResolutionError.aliyunProfileFailed(.fetchingUnavailable(profile: "role", mode: "RamRoleArn"))) {
            try await bare.resolve(CredentialRequest())
        }
        let ecs = CredentialProvider(
            simulator: false, environment: ["HOME": home.path, "ECSRPC_CONFIG_DIR": home.path + "/store", "ALIBABA_CLOUD_PROFILE": "ecs"])
        let description = await ecs.defaultSourceDescription()
        #expect(description.contains("mode EcsRamRole, which reads the ECS instance-metadata service"))
    }

    @Test("STS answers are parsed into temporary credentials with their expiration")
    func answerParsing() throws {
        let body = try JSONValueFixture.parse("""
            {"RequestId": "r", "AssumedRoleUser": {"Arn": "acs:ram::1:role/ops/alice", "AssumedRoleId": "3:alice"},
             "Credentials": {"AccessKeyId": "STS.x", "AccessKeySecret": "s", "SecurityToken": "t", "Expiration": "2030-01-01T00:00:00Z"}}
            """)
        let parsed = try TemporaryCredentials.parse(assumeRoleAnswer: body).get()
        #expect(parsed.credentials == AccessCredentials(accessKeyId: "STS.x", accessKeySecret: "s", securityToken: "t"))
        #expect(parsed.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(throws: TemporaryCredentials.MissingField.self) {
            try TemporaryCredentials.parse(assumeRoleAnswer: try JSONValueFixture.parse(#"{"RequestId": "r"}"#)).get()
        }
    }
}

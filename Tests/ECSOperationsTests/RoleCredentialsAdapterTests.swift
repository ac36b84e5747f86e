import CredentialStore
import ECSClient
import ECSOperations
import ECSSimulator
import Foundation
import Synchronization
import Testing

@Suite("aliyun CLI role credentials through the operations layer")
struct RoleCredentialsAdapterTests {
    static func home(roleEndpoint: String) throws -> String {
        let home = try CredentialStoreAdapterTests.temporaryHome()
        try FileManager.default.createDirectory(atPath: home + "/.aliyun", withIntermediateDirectories: true)
        let file = """
            {"current": "dev", "profiles": [{"name": "dev", "mode": "RamRoleArn", "access_key_id": "testid",
             "access_key_secret": "testsecret", "ram_role_arn": "acs:ram::1234567890123456:role/ops",
             "sts_endpoint": "\(roleEndpoint)", "region_id": "cn-beijing"}]}
            """
        FileManager.default.createFile(atPath: home + "/.aliyun/config.json", contents: Data(file.utf8))
        return home
    }

    @Test("remembered resolutions last only while fetched credentials are usable")
    func rememberedUntilUsable() async throws {
        for (lifetime, expectedFetches) in [(3600.0, 1), (300.0, 2)] {
            let home = try Self.home(roleEndpoint: "sts.aliyuncs.com")
            defer { try? FileManager.default.removeItem(atPath: home) }
            let fetches = Atomic<Int>(0)
            let services = CredentialServices(assumeRole: { _ throws(RemoteCredentialFailure) in
                let count = fetches.add(1, ordering: .relaxed).newValue
                return TemporaryCredentials(
                    credentials: AccessCredentials(accessKeyId: "STS.k\(count)", accessKeySecret: "s", securityToken: "t"),
                    expiration: Date().addingTimeInterval(lifetime))
            })
            let provider = CallCredentialProvider.credentialStore(
                CredentialProvider(store: nil, environment: ["HOME": home]).with(services: services))
            let first = try await provider.resolve(CallCredentialsRequest())
            #expect(first.credentials.source == "aliyun-cli:dev (RamRoleArn)")
            #expect(first.credentials.securityToken == "t")
            _ = try await provider.resolve(CallCredentialsRequest())
            #expect(fetches.load(ordering: .relaxed) == expectedFetches, "lifetime \(lifetime)")
        }
    }

    @Test("through ECSClient: AssumeRole at the simulator's STS, then ECS calls signed with the temporary key")
    func throughTheClientAndSimulator() async throws {
        let simulator = try await ECSSimulatorServer.start(SimulatorOptions(transitionMilliseconds: 20, logRequests: false))
        let endpoint = "http://\(simulator.endpoint)"
        let home = try Self.home(roleEndpoint: endpoint)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let client = ECSClient(configuration: ECSClientConfiguration(fixedEndpoint: try ECSEndpoint(parsing: endpoint)))
        let credentialProvider = CredentialProvider(store: nil, environment: ["HOME": home])
            .with(services: .sending(through: client))
        let operations = ECSOperations(client: client, credentialProvider: .credentialStore(credentialProvider))
        let regions = try await operations.listRegions(ListRegionsRequest(options: CallOptions()))
        #expect((regions.body["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 0)
        let resolved = try await credentialProvider.resolve(CredentialRequest())
        #expect(resolved.credentials.accessKeyId.hasPrefix("STS."))
        #expect(resolved.usableUntil != nil)
        await simulator.stop()
    }
}

import CredentialStore
import ECSClient
import ECSOperations
import Foundation
import Testing

@Suite("Credentials through the credential store")
struct CredentialStoreAdapterTests {
    static func temporaryHome() throws -> String {
        let path = NSTemporaryDirectory() + "ecsops-creds-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    @Test("the store's default profile is used, and a changed store is seen at once despite the cache")
    func storeChangesAreSeen() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let store = CredentialStore(directory: home + "/ecsrpc")
        try store.set(try CredentialProfile(name: "work", accessKeyId: "id-one", accessKeySecret: "secret-one", regionId: "cn-beijing"), makeDefault: true)
        let provider = CallCredentialProvider.credentialStore(CredentialProvider(store: store, environment: ["HOME": home]))
        let first = try await provider.resolve(CallCredentialsRequest())
        #expect(first.credentials.accessKeyId == "id-one")
        #expect(first.credentials.source == "profile:work")
        #expect(first.regionId == "cn-beijing")
        #expect(try await provider.resolve(CallCredentialsRequest()) == first)

        try store.set(try CredentialProfile(name: "work", accessKeyId: "id-two", accessKeySecret: "secret-two"), makeDefault: true)
        let second = try await provider.resolve(CallCredentialsRequest())
        #expect(second.credentials.accessKeyId == "id-two")
        #expect(second.credentials.accessKeySecret == "secret-two")
    }

    @Test("chain errors become operation errors: half a key pair names the missing half; nothing found is noCredentials")
    func errors() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let provider = CallCredentialProvider.credentialStore(
            CredentialProvider(store: CredentialStore(directory: home + "/ecsrpc"), environment: ["HOME": home]))
        await #expect(throws: OperationError.invalidParameter(name: "accessKeySecret", problem: "is required when the other half of the key pair is given")) {
            try await provider.resolve(CallCredentialsRequest(accessKeyId: "only-id"))
        }
        do {
            _ = try await provider.resolve(CallCredentialsRequest())
            Issue.record("expected noCredentials")
        } catch {
            guard case .noCredentials = error else { Issue.record("\(error)"); return }
        }
        let simulator = CallCredentialProvider.credentialStore(
            CredentialProvider(store: CredentialStore(directory: home + "/ecsrpc"), simulator: true, environment: ["HOME": home]))
        #expect(try await simulator.resolve(CallCredentialsRequest()).credentials.accessKeyId == "testid")
    }
}

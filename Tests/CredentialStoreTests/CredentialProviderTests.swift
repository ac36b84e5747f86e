import Foundation
import Testing

@testable import CredentialStore

@Suite("Credential provider with a temporary HOME")
struct CredentialProviderTests {
    @Test("the aliyun CLI file under a temporary HOME is found, and ALIBABA_CLOUD_PROFILE picks its profile")
    func aliyunFileUnderHome() async throws {
        let home = TemporaryDirectory()
        home.write(CredentialResolverTests.cliFile, to: ".aliyun/config.json")
        let provider = CredentialProvider(environment: ["HOME": home.path])
        let resolved = try await provider.resolve(CredentialRequest())
        #expect(resolved.source == .aliyunCLI(profile: "cli-main", mode: "AK"))
        #expect(resolved.regionId == "cn-shanghai")
        let chosen = CredentialProvider(environment: ["HOME": home.path, "ALIBABA_CLOUD_PROFILE": "cli-sts"])
        #expect(try await chosen.resolve(CredentialRequest()).credentials.securityToken == "cli-sts-token")
        #expect(await provider.defaultSourceDescription() == "aliyun-cli:cli-main (AK)")
    }

    @Test("the environment beats the aliyun CLI file; the store's default beats both")
    func environmentThenStore() async throws {
        let home = TemporaryDirectory()
        home.write(CredentialResolverTests.cliFile, to: ".aliyun/config.json")
        let environment = [
            "HOME": home.path, "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenvironment01",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "environment-secret",
        ]
        let provider = CredentialProvider(environment: environment)
        #expect(await provider.defaultSourceDescription() == "environment")
        #expect(provider.store?.directory == home.path + "/.config/ecsrpc")
        let store = try #require(provider.store)
        try store.set(
            CredentialProfile(name: "work", accessKeyId: "LTAIworkKey000001", accessKeySecret: "work-secret"),
            makeDefault: true)
        #expect(await provider.defaultSourceDescription() == "profile:work")
        let flagged = CredentialProvider(serverProfile: "missing", environment: environment)
        let description = await flagged.defaultSourceDescription()
        #expect(description.hasPrefix("none (no credential profile named 'missing'"))
    }

    @Test("ECSRPC_CONFIG_DIR places the store; a corrupt store stops profile resolution but not explicit keys")
    func configDirectoryAndCorruptStore() async throws {
        let directory = TemporaryDirectory()
        directory.write("{ broken", to: "credentials.json")
        let provider = CredentialProvider(
            simulator: true, environment: ["HOME": "/nonexistent", "ECSRPC_CONFIG_DIR": directory.path])
        #expect(provider.store?.filePath == directory.path + "/credentials.json")
        await #expect(throws: CredentialResolutionError.self) { try await provider.resolve(CredentialRequest()) }
        let explicit = try await provider.resolve(CredentialRequest(accessKeyId: "a", accessKeySecret: "b"))
        #expect(explicit.source == .parameters)
    }

    @Test("with no HOME and nothing set, the simulator demo pair is used only under --simulator")
    func nothingButSimulator() async throws {
        #expect(await CredentialProvider(simulator: true, environment: [:]).defaultSourceDescription() == "simulator-demo")
        let description = await CredentialProvider(environment: [:]).defaultSourceDescription()
        #expect(description.hasPrefix("none (no credentials found; tried, in order:"))
    }
}

@Suite("Server --profile check")
struct ServerProfileCheckTests {
    @Test("a missing --profile is reported at start-up; an existing one is not")
    func serverProfileProblem() throws {
        let directory = TemporaryDirectory()
        let environment = ["ECSRPC_CONFIG_DIR": directory.path]
        #expect(CredentialProvider(environment: environment).serverProfileProblem() == nil)
        let flagged = CredentialProvider(serverProfile: "work", environment: environment)
        #expect(flagged.serverProfileProblem() == .profileNotFound(name: "work", selectedBy: .serverFlag, available: []))
        try CredentialStore(directory: directory.path).set(
            CredentialProfile(name: "work", accessKeyId: "LTAIworkKey000001", accessKeySecret: "s"))
        #expect(flagged.serverProfileProblem() == nil)
    }
}

@Suite("Credential provider cache")
struct CredentialProviderCacheTests {
    @Test("a chmod, an in-place edit or a replacement of either file is seen by the very next call")
    func changesAreSeen() async throws {
        let home = TemporaryDirectory()
        let environment = ["HOME": home.path, "ECSRPC_CONFIG_DIR": home.path + "/store"]
        let provider = CredentialProvider(environment: environment)
        #expect(await provider.defaultSourceDescription().hasPrefix("none"))
        home.write(#"{"current": "a", "profiles": [{"name": "a", "mode": "AK", "access_key_id": "k", "access_key_secret": "s"}]}"#, to: ".aliyun/config.json")
        #expect(await provider.defaultSourceDescription() == "aliyun-cli:a (AK)")
        // Rewritten in place (same inode), pointing at another profile.
        let handle = try #require(FileHandle(forWritingAtPath: home.file(".aliyun/config.json")))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(#"{"current": "b", "profiles": [{"name": "b", "mode": "AK", "access_key_id": "k", "access_key_secret": "s"}]}"#.utf8))
        try handle.close()
        #expect(await provider.defaultSourceDescription() == "aliyun-cli:b (AK)")

        let store = try #require(provider.store)
        try store.set(CredentialProfile(name: "work", accessKeyId: "LTAIworkKey000001", accessKeySecret: "s"), makeDefault: true)
        #expect(await provider.defaultSourceDescription() == "profile:work")
        chmod(store.filePath, 0o640)
        #expect(await provider.defaultSourceDescription().contains("chmod 600"))
        chmod(store.filePath, 0o600)
        #expect(await provider.defaultSourceDescription() == "profile:work")
        try store.setDefault(named: nil)
        #expect(await provider.defaultSourceDescription() == "aliyun-cli:b (AK)")
        try FileManager.default.removeItem(atPath: home.file(".aliyun/config.json"))
        #expect(await provider.defaultSourceDescription().hasPrefix("none"))
    }
}

import Foundation
import JSON
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The credential store driving ECS calls through the built binary against `ecsrpc serve --simulator`.
@Suite("Credentials with ECS calls end to end", .serialized)
struct CredentialsECSEndToEndTests {
    static let goodSecret = CredentialsEndToEndTests.goodSecret
    static let wrongSecret = CredentialsEndToEndTests.wrongSecret

    static func environment(_ scratch: CredentialsScratch, extra: [String: String] = [:]) -> [String: String] {
        CredentialsEndToEndTests.environment(scratch, extra: extra)
    }

    static func result(_ response: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        try CredentialsEndToEndTests.result(response, sourceLocation: sourceLocation)
    }

    @Test("set → list (masked) → call by profile → setDefault → call without credentials → test → delete")
    func lifecycle() async throws {
        let scratch = try CredentialsScratch()
        let server = try CredentialsChild(arguments: ["serve", "--simulator"], environment: Self.environment(scratch))

        let set = try await server.callValidated(
            "credentials.set",
            ["name": "work", "accessKeyId": "testid", "accessKeySecret": .string(Self.goodSecret), "regionId": "cn-hangzhou"])
        _ = try Self.result(set)
        let wrong = try await server.callValidated(
            "credentials.set",
            ["name": "wrong", "accessKeyId": "LTAI5tWrongKey0001", "accessKeySecret": .string(Self.wrongSecret)])
        _ = try Self.result(wrong)

        let list = try await server.callValidated("credentials.list")
        let listed = try Self.result(list)
        #expect(!list.serialized().contains(Self.wrongSecret))
        #expect(!list.serialized().contains("testsecret"))
        let profiles = try #require(listed["profiles"]?.arrayValue)
        #expect(profiles.compactMap { $0["name"]?.stringValue } == ["work", "wrong"])
        #expect(profiles.last?["maskedAccessKeyId"]?.stringValue == "LTAI****0001")
        #expect(profiles.first?["regionId"]?.stringValue == "cn-hangzhou")

        // A call by profile uses that profile: the wrong one is refused by the simulator, the right one works.
        let byGood = try await server.call("regions.list", ["profile": "work"])
        _ = try Self.result(byGood)
        let byWrong = try await server.call("regions.list", ["profile": "wrong", "regionId": "cn-hangzhou"])
        #expect(byWrong["error"]?["data"]?["code"]?.stringValue?.hasPrefix("InvalidAccessKeyId") == true, "\(byWrong.serialized())")
        let byMissing = try await server.call("regions.list", ["profile": "nope", "regionId": "cn-hangzhou"])
        #expect(byMissing["error"] != nil)
        #expect(byMissing["error"]?["message"]?.stringValue?.contains("nope") == true)

        // Without credentials, the default profile is used (not the simulator's demo pair).
        let info = try Self.result(try await server.callValidated("server.info"))
        #expect(info.serialized().contains("simulator-demo"), "\(info.serialized())")
        _ = try Self.result(try await server.callValidated("credentials.setDefault", ["name": "wrong"]))
        #expect(try Self.result(try await server.callValidated("server.info")).serialized().contains("profile:wrong"))
        let withoutWrong = try await server.call("regions.list", ["regionId": "cn-hangzhou"])
        #expect(withoutWrong["error"]?["data"]?["code"]?.stringValue?.hasPrefix("InvalidAccessKeyId") == true)
        _ = try Self.result(try await server.callValidated("credentials.setDefault", ["name": "work"]))
        _ = try Self.result(try await server.call("regions.list"))

        // credentials.test reports success and the ECS error.
        let testGood = try Self.result(try await server.callValidated("credentials.test", ["name": "work"]))
        #expect(testGood["ok"]?.boolValue == true)
        let testWrong = try Self.result(try await server.callValidated("credentials.test", ["name": "wrong"]))
        #expect(testWrong["ok"]?.boolValue == false)
        #expect(testWrong["error"]?["code"]?.stringValue?.hasPrefix("InvalidAccessKeyId") == true)

        let testMissing = try await server.call("credentials.test", ["name": "nope"])
        #expect(testMissing["error"]?["code"] == -32602)
        #expect(testMissing["error"]?["data"]?["parameter"] == "name")

        // Delete.
        _ = try Self.result(try await server.callValidated("credentials.delete", ["name": "wrong"]))
        let afterDelete = try Self.result(try await server.callValidated("credentials.list"))
        #expect(afterDelete["profiles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["work"])
        let deletedAgain = try await server.call("credentials.delete", ["name": "wrong"])
        #expect(deletedAgain["error"] != nil)

        // The file on disk is private.
        var status = stat()
        #expect(stat(scratch.path + "/config/credentials.json", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(stat(scratch.path + "/config", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o700)

        server.closeInput()
        _ = await server.waitForExit()
    }

    @Test("a secret sent in any param never appears in stderr, even at debug level")
    func secretsNeverLogged() async throws {
        let scratch = try CredentialsScratch()
        let server = try CredentialsChild(
            arguments: ["serve", "--simulator", "--log-level", "debug"], environment: Self.environment(scratch))
        let secrets = ["Sekr1t-in-set-91c2", "Sekr1t-token-0b77", "Sekr1t-call-44ad", "Sekr1t-pass-Aa1!x9", "Sekr1t-bad-3e3e"]
        _ = try await server.call(
            "credentials.set",
            ["name": "work", "accessKeyId": "testid", "accessKeySecret": .string(secrets[0]), "securityToken": .string(secrets[1])])
        _ = try await server.call("credentials.set", ["name": "bad name!", "accessKeyId": "x", "accessKeySecret": .string(secrets[4])])
        _ = try await server.call("credentials.set", ["name": "ok", "accessKeyId": "x", "accessKeySecret": .string(secrets[4] + " with space")])
        _ = try await server.call("regions.list", ["accessKeyId": "testid", "accessKeySecret": .string(secrets[2])])
        _ = try await server.call("regions.list", ["accessKeySecret": .string(secrets[2])])
        _ = try await server.call("credentials.test", ["name": "work"])
        _ = try await server.call(
            "instances.create",
            ["regionId": "cn-hangzhou", "imageId": "img", "instanceType": "ecs.t5", "password": .string(secrets[3]), "profile": "work"])
        server.closeInput()
        _ = await server.waitForExit()
        var log = ""
        while let line = await server.nextErrorLine() { log += line + "\n" }
        #expect(!log.isEmpty)
        for secret in secrets { #expect(!log.contains(secret), "secret found in stderr") }
    }

}

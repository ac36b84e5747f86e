import Foundation
import JSON
import TestSupport
import Testing

/// aliyun CLI profiles whose credentials are fetched (RamRoleArn through the simulator's STS, External through a
/// command), driven through the built binary with HOME pointing at a temporary `.aliyun/config.json`.
@Suite("aliyun CLI RamRoleArn and External profiles end to end", .serialized)
struct AliyunProfileModesEndToEndTests {
    static let signerSecret = "Role-Signer-Secret-7Qx"
    static let externalSecret = "External-Secret-9Kp"

    static func writeConfig(_ scratch: CredentialsScratch, _ text: String) throws {
        let directory = scratch.path + "/home/.aliyun"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory + "/config.json", contents: Data(text.utf8)))
    }

    static func noSecrets(_ value: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = value.serialized()
        for secret in [signerSecret, externalSecret] { #expect(!text.contains(secret), sourceLocation: sourceLocation) }
    }

    @Test("serve --endpoint a stand-alone simulator: a RamRoleArn profile assumes its role at the simulator's STS")
    func ramRoleArnAgainstStandaloneSimulator() async throws {
        let simulator = try await ECSMethodsSimulator(["--access-key", "LTAIroleSigner0007:\(Self.signerSecret)"])
        defer { simulator.stop() }
        let scratch = try CredentialsScratch()
        try Self.writeConfig(
            scratch,
            """
            {"current": "dev", "profiles": [
              {"name": "dev", "mode": "RamRoleArn", "access_key_id": "LTAIroleSigner0007", "access_key_secret": "\(Self.signerSecret)",
               "ram_role_arn": "acs:ram::1234567890123456:role/ops", "ram_session_name": "e2e", "expired_seconds": 900,
               "sts_endpoint": "\(simulator.endpoint)", "region_id": "cn-hangzhou"},
              {"name": "bad", "mode": "RamRoleArn", "access_key_id": "LTAIroleSigner0007", "access_key_secret": "Not-The-Secret",
               "ram_role_arn": "acs:ram::1234567890123456:role/ops", "sts_endpoint": "\(simulator.endpoint)"}
            ]}
            """)
        let server = try CredentialsChild(
            arguments: ["serve", "--endpoint", simulator.endpoint], environment: CredentialsEndToEndTests.environment(scratch))
        defer { server.kill(SIGKILL) }

        let info = try CredentialsEndToEndTests.result(try await server.callValidated("server.info"))
        #expect(info["credentials"]?["source"]?.stringValue == "aliyun-cli:dev (RamRoleArn)")

        let regions = try await server.callValidated("regions.list")
        let result = try CredentialsEndToEndTests.result(regions)
        #expect((result["body"]?["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 0, "\(regions.serialized())")
        Self.noSecrets(regions)

        // The call was signed with the temporary key STS issued, not the profile's own.
        let test = try CredentialsEndToEndTests.result(try await server.callValidated("credentials.test"))
        #expect(test["ok"] == true, "\(test.serialized())")
        #expect(test["maskedAccessKeyId"]?.stringValue?.hasPrefix("STS.") == true, "\(test.serialized())")
        #expect(test["source"]?.stringValue == "aliyun-cli:dev (RamRoleArn)")
        Self.noSecrets(test)
        server.closeInput()
        _ = await server.waitForExit()

        // A profile whose keys STS refuses: -32003 naming the profile and the STS code, never a secret.
        let bad = try CredentialsChild(
            arguments: ["serve", "--endpoint", simulator.endpoint],
            environment: CredentialsEndToEndTests.environment(scratch, extra: ["ALIBABA_CLOUD_PROFILE": "bad"]))
        defer { bad.kill(SIGKILL) }
        let refused = try await bad.call("regions.list")
        let error = try #require(refused["error"], "\(refused.serialized())")
        #expect(error["code"] == -32003)
        let message = error["message"]?.stringValue ?? ""
        #expect(message.contains("profile 'bad'") && message.contains("SignatureDoesNotMatch"), "\(message)")
        #expect(!refused.serialized().contains("Not-The-Secret"))
        bad.closeInput()
        _ = await bad.waitForExit()
    }

    @Test("serve --simulator: the aliyun CLI's profile (real-cloud keys) is skipped; calls without credentials use the simulator's key")
    func ramRoleArnUnderEmbeddedSimulator() async throws {
        let scratch = try CredentialsScratch()
        // A RamRoleArn profile as for real Alibaba Cloud (the aliyun CLI file holds real-cloud keys): skipped under --simulator.
        try Self.writeConfig(
            scratch,
            """
            {"current": "dev", "profiles": [
              {"name": "dev", "mode": "RamRoleArn", "access_key_id": "testid", "access_key_secret": "testsecret",
               "ram_role_arn": "acs:ram::1234567890123456:role/ops", "sts_endpoint": "http://127.0.0.1:9"}
            ]}
            """)
        let server = try CredentialsChild(
            arguments: ["serve", "--simulator"], environment: CredentialsEndToEndTests.environment(scratch))
        defer { server.kill(SIGKILL) }
        let info = try CredentialsEndToEndTests.result(try await server.callValidated("server.info"))
        #expect(info["credentials"]?["source"]?.stringValue == "simulator-demo")
        let regions = try await server.callValidated("regions.list")
        _ = try CredentialsEndToEndTests.result(regions)
        server.closeInput()
        _ = await server.waitForExit()
    }

    @Test("an External profile's command supplies the keys; its stderr never reaches the client")
    func externalProfile() async throws {
        let simulator = try await ECSMethodsSimulator(["--access-key", "LTAIexternalKey07:\(Self.externalSecret)"])
        defer { simulator.stop() }
        let scratch = try CredentialsScratch()
        let script = scratch.path + "/creds.sh"
        let body = """
            #!/bin/sh
            echo "debug: leaking \(Self.externalSecret) to stderr" >&2
            printf '{"mode": "AK", "access_key_id": "LTAIexternalKey07", "access_key_secret": "%s"}' "\(Self.externalSecret)"
            """
        #expect(FileManager.default.createFile(atPath: script, contents: Data(body.utf8), attributes: [.posixPermissions: 0o700]))
        try Self.writeConfig(
            scratch,
            #"{"current": "ext", "profiles": [{"name": "ext", "mode": "External", "process_command": "\#(script)", "region_id": "cn-hangzhou"}]}"#)
        let server = try CredentialsChild(
            arguments: ["serve", "--endpoint", simulator.endpoint], environment: CredentialsEndToEndTests.environment(scratch))
        defer { server.kill(SIGKILL) }
        let info = try CredentialsEndToEndTests.result(try await server.callValidated("server.info"))
        #expect(info["credentials"]?["source"]?.stringValue == "aliyun-cli:ext (External)")
        let regions = try await server.callValidated("regions.list")
        _ = try CredentialsEndToEndTests.result(regions)
        Self.noSecrets(regions)
        server.closeInput()
        let stderr = await server.remainingErrorText()
        #expect(!stderr.contains(Self.externalSecret))
        _ = await server.waitForExit()
    }
}

extension CredentialsChild {
    /// Whatever the child wrote to stderr until its stream ended (bounded by the default timeout per line).
    func remainingErrorText() async -> String {
        var lines: [String] = []
        while let line = await nextErrorLine() { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

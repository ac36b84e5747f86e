import Foundation
import JSON
import TestSupport
import Testing

/// Canary secrets planted where fetched credentials come from (an External command's output, a credentials URI's
/// query) must appear nowhere the built binary writes: answers, MCP results and notifications, or debug logs.
@Suite("Secrets from fetched credentials never leak, end to end", .serialized)
struct SecretLeakEndToEndTests {
    static let canary = "CANARYSECRET123e2e"

    static func everything(_ server: CredentialsChild) async -> String {
        server.closeInput()
        var text = ""
        while let line = await server.nextLine() { text += line + "\n" }
        text += await server.remainingErrorText()
        _ = await server.waitForExit()
        return text
    }

    @Test("an External command's malformed output and a credentials URI's query are never quoted", arguments: ["ext", "uri"])
    func fetchedFailures(profile: String) async throws {
        let scratch = try CredentialsScratch()
        try AliyunProfileModesEndToEndTests.writeConfig(
            scratch,
            """
            {"current": "ext", "profiles": [
              {"name": "ext", "mode": "External", "region_id": "cn-hangzhou",
               "process_command": "echo '{\\"mode\\": \\"\(Self.canary)\\", \\"access_key_id\\": \\"a\\", \\"access_key_secret\\": \\"\(Self.canary)\\"}'; echo \(Self.canary) >&2"},
              {"name": "uri", "mode": "CredentialsURI", "region_id": "cn-hangzhou",
               "credentials_uri": "http://127.0.0.1:1/creds?token=\(Self.canary)"}
            ]}
            """)
        let server = try CredentialsChild(
            arguments: ["serve", "--endpoint", "http://127.0.0.1:1", "--log-level", "debug"],
            environment: CredentialsEndToEndTests.environment(scratch, extra: ["ALIBABA_CLOUD_PROFILE": profile]))
        defer { server.kill(SIGKILL) }
        let answer = try await server.call("regions.list")
        #expect(answer["error"]?["code"] == -32003, "\(answer.serialized())")
        #expect(!answer.serialized().contains(Self.canary), "\(answer.serialized())")
        server.write(
            #"{"jsonrpc":"2.0","id":"i","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
                + "\n" + #"{"jsonrpc":"2.0","id":"l","method":"logging/setLevel","params":{"level":"debug"}}"#
                + "\n" + #"{"jsonrpc":"2.0","id":"t","method":"tools/call","params":{"name":"regions_list","arguments":{}}}"# + "\n")
        let text = await Self.everything(server)
        #expect(text.contains("\"isError\":true"), "\(text)")
        #expect(!text.contains(Self.canary), "\(text)")
    }

    @Test("a proxy password holding an unencoded '/' is refused, and no part of it is shown in server.info, logs or errors")
    func proxyPasswordWithSlash() async throws {
        let scratch = try CredentialsScratch()
        // Parsed naively, the text before the '/' reads as host "localhost", port 4242: a piece of the password.
        let proxy = "http://localhost:4242/\(Self.canary)@127.0.0.1:1"
        let server = try CredentialsChild(
            arguments: ["serve", "--log-level", "debug", "--max-retries", "0"],
            environment: CredentialsEndToEndTests.environment(
                scratch,
                extra: ["https_proxy": proxy, "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIproxyTest0001",
                        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "Proxy-Test-Secret-1"]))
        defer { server.kill(SIGKILL) }
        let info = try CredentialsEndToEndTests.result(try await server.call("server.info"))
        #expect(info["ecs"]?["proxy"] == .null, "\(info.serialized())")
        let problem = info["ecs"]?["proxyProblem"]?.stringValue ?? ""
        #expect(problem.contains("https_proxy") && problem.contains("%2F"), "\(problem)")
        let answer = try await server.call("regions.list", ["regionId": "cn-hangzhou"])
        #expect(answer["error"]?["code"] == -32002, "\(answer.serialized())")
        let text = await Self.everything(server)
        for piece in ["4242", Self.canary] {
            #expect(!(info.serialized() + answer.serialized() + text).contains(piece), "\(piece) shown")
        }
    }
}

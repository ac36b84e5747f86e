import Foundation
import JSON
import Testing
import TestSupport

@Suite("Logging and secrets")
struct LoggingTests {
    private let secretParams: JSONValue = [
        "accessKeySecret": "SuperSecretValue123", "password": "hunter2hunter2", "securityToken": "STS.tokenvalue.xyz",
        "nested": ["AccessKeySecret": "NestedSecret456"], "clientToken": "visible-client-token", "regionId": "cn-hangzhou",
        "tags": [["key": "password", "value": "TagPassword789"], ["key": "env", "value": "visible-tag-value"]],
        "Tag": [["Key": "DbSecret", "Value": "TagSecretValue000"]],
    ]
    private let secrets = [
        "SuperSecretValue123", "hunter2hunter2", "STS.tokenvalue.xyz", "NestedSecret456", "TagPassword789", "TagSecretValue000",
    ]

    @Test("stderr carries one JSON object per line with time, level, event; stdout carries protocol only")
    func logFormat() async throws {
        let server = try await TestServer.start(.stdio, arguments: ["--log-level", "debug"])
        #expect(try await server.process.call("ping", id: 1)["result"] == [:])
        _ = try await server.process.call("no.such.method", id: 2)
        #expect(try await server.stop() == 0)
        let lines = server.process.stderrLines()
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONValue.parse(line)
            #expect(object["time"]?.stringValue?.hasSuffix("Z") == true)
            #expect(object["level"]?.stringValue != nil)
            #expect(object["event"]?.stringValue != nil)
        }
        let request = try #require(lines.compactMap { try? JSONValue.parse($0) }.first { $0["method"] == "ping" })
        #expect(request["id"] == 1)
        #expect(request["duration_ms"]?.doubleValue != nil)
        let failure = try #require(lines.compactMap { try? JSONValue.parse($0) }.first { $0["method"] == "no.such.method" })
        #expect(failure["error"]?["code"] == -32601)
        while let line = server.process.inbox.poll() {
            Issue.record("unexpected stdout line: \(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test("--log-level error writes no request lines")
    func quietLevel() async throws {
        let server = try await TestServer.start(.stdio, arguments: ["--log-level", "error"])
        _ = try await server.process.call("nope", id: 1)
        #expect(try await server.stop() == 0)
        #expect(server.process.stderrLines().isEmpty)
    }

    @Test("secret-like params never appear in logs or error messages", arguments: ServedTransport.allCases)
    func secretsAreMasked(transport: ServedTransport) async throws {
        let server = try await TestServer.start(transport, arguments: ["--log-level", "debug"])
        let client = try await server.connect()
        let echo = try await client.call("debug.echo", params: secretParams, id: 1)
        #expect(echo["result"]?["regionId"] == "cn-hangzhou")
        let failure = try await client.call("debug.fail", params: secretParams, id: 2)
        let errorText = try #require(failure["error"]).serialized()
        #expect(errorText.contains("cn-hangzhou"))
        #expect(errorText.contains("***"))
        let invalid = try await client.call("debug.subtract", params: ["minuend": "forty-two", "password": "hunter2hunter2"], id: 3)
        #expect(invalid["error"]?["code"] == -32602)
        #expect(try await server.stop() == 0)
        let logs = server.process.stderrLines().joined(separator: "\n")
        #expect(logs.contains("visible-client-token"))
        #expect(logs.contains("visible-tag-value"))
        #expect(logs.contains("***"))
        for secret in secrets {
            #expect(!logs.contains(secret), "log leaks \(secret)")
            #expect(!errorText.contains(secret), "error leaks \(secret)")
        }
    }
}

import JSON
import Testing
import TestSupport

@Suite("server.info: where ECS calls go")
struct BackendReportTests {
    @Test("the ecs section names the simulator endpoint, the signature and the proxy, never the proxy's credentials")
    func proxyShownWithoutCredentials() async throws {
        let server = try await TestServer.start(
            .stdio, arguments: ["--simulator", "--signature", "acs3", "--max-retries", "1"],
            environment: ["https_proxy": "http://ops:hunter2@127.0.0.1:3128", "HTTPS_PROXY": "", "no_proxy": ""], testMethods: false)
        let client = try await server.connect()
        let info = try #require(try await client.call("server.info", id: 1)["result"])
        let ecs = try #require(info["ecs"])
        #expect(ecs["simulator"] == true)
        #expect(ecs["endpoint"]?.stringValue?.hasPrefix("http://127.0.0.1:") == true)
        #expect(ecs["signature"] == "acs3")
        #expect(ecs["maxRetries"] == 1)
        #expect(ecs["proxy"] == "http://127.0.0.1:3128")
        #expect(ecs["caFile"] == .null)
        #expect(!info.serialized().contains("hunter2") && !info.serialized().contains("ops:"))
        #expect(try await server.stop() == 0)
    }

    @Test("an unusable proxy setting is reported with its reason; without --simulator or --endpoint, no fixed endpoint")
    func proxyProblem() async throws {
        let server = try await TestServer.start(
            .stdio, environment: ["https_proxy": "socks5://127.0.0.1:1080", "HTTPS_PROXY": ""], testMethods: false)
        let client = try await server.connect()
        let ecs = try #require(try await client.call("server.info", id: 1)["result"]?["ecs"])
        #expect(ecs["endpoint"] == .null)
        #expect(ecs["simulator"] == false)
        #expect(ecs["proxy"] == .null)
        #expect(ecs["proxyProblem"] == "https_proxy cannot be used: only http:// proxies are supported, not socks5://")
        #expect(try await server.stop() == 0)
    }
}

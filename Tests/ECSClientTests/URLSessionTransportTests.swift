@testable import ECSClient
import HTTPServer
import Synchronization
import Testing

@Suite("URLSession transport against a loopback HTTP server")
struct URLSessionTransportTests {
    @Test("a redirect is not followed: the 3xx is the answer, and the target never sees a request")
    func redirectsRefused() async throws {
        let targetHits = Atomic<Int>(0)
        let server = HTTPServer { request in
            if request.path == "/target" {
                targetHits.add(1, ordering: .relaxed)
                return .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"followed"}"#.utf8)))
            }
            return .response(HTTPResponse(status: 302, headers: [("Location", "/target")]))
        }
        let address = try server.start()
        defer { server.stop() }
        let client = ECSClient(
            configuration: ECSClientConfiguration(fixedEndpoint: try ECSEndpoint(parsing: "127.0.0.1:\(address.port)"), retryPolicy: .none))
        await #expect(throws: ECSClientError.self) {
            try await client.send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        }
        #expect(targetHits.load(ordering: .relaxed) == 0)
    }

    @Test("the URLSession is made by the first call, not when the transport is created")
    func sessionMadeOnFirstUse() async throws {
        let server = HTTPServer { _ in .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"R"}"#.utf8))) }
        let address = try server.start()
        defer { server.stop() }
        let transport = URLSessionTransport(readTimeout: .seconds(5))
        #expect(!transport.hasSession)
        let request = HTTPRequestMessage(method: "POST", url: "http://127.0.0.1:\(address.port)/?Action=DescribeRegions", headers: [:])
        let response = try await transport.send(request, timeout: .seconds(60))
        #expect(response.status == 200)
        #expect(transport.hasSession)
    }

    @Test("sequential calls reuse one kept-alive connection")
    func connectionReuse() async throws {
        let server = HTTPServer { _ in .response(HTTPResponse(status: 200, body: Array(#"{"RequestId":"R"}"#.utf8))) }
        let address = try server.start()
        defer { server.stop() }
        let client = ECSClient(configuration: ECSClientConfiguration(fixedEndpoint: try ECSEndpoint(parsing: "127.0.0.1:\(address.port)")))
        for _ in 0..<20 { _ = try await client.send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials) }
        #expect(server.servedRequests == 20)
        #expect(server.acceptedConnections == 1)
    }
}

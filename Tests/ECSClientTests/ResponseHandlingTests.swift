import ECSClient
import Foundation
import Glibc
import JSON
import Testing

@Suite("Response handling")
struct ResponseHandlingTests {
    @Test("the body is kept exactly: number literals, false, big integers, key order; headers lower-cased")
    func bodyUnchanged() async throws {
        let text = #"{"RequestId":"R","TradePrice":0.165,"Big":123456789012345678901234567890,"IsCopied":false,"Size":20,"Exp":1.0e3,"A":{"Z":1,"B":2}}"#
        let transport = FakeTransport([.answer(status: 200, body: text, headers: ["X-Acs-Request-Id": "R", "Content-Type": "application/json;charset=utf-8"])])
        let response = try await makeClient(transport).send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        #expect(response.body.serialized() == text)
        #expect(response.body["IsCopied"] == .bool(false))
        #expect(response.headers["x-acs-request-id"] == "R")
        #expect(response.headers["content-type"] == "application/json;charset=utf-8")
        #expect(response.requestId == "R")
    }

    @Test("an error body becomes a typed service error with every field")
    func serviceError() async throws {
        let body = #"{"RequestId":"540C","HostId":"ecs.cn-beijing.aliyuncs.com","Code":"InvalidInstanceId.NotFound","Message":"The specified InstanceId does not exist.","Recommend":"https://api.aliyun.com/troubleshoot?q=x"}"#
        let transport = FakeTransport([.answer(status: 404, body: body)])
        do {
            _ = try await makeClient(transport).send(
                ECSRequest(action: "StartInstances", parameters: ["RegionId": "cn-beijing"]), credentials: testCredentials)
            Issue.record("expected an error")
        } catch {
            guard case .service(let serviceError) = error else { Issue.record("wrong error \(error)"); return }
            #expect(serviceError.code == "InvalidInstanceId.NotFound")
            #expect(serviceError.httpStatus == 404)
            #expect(serviceError.requestId == "540C")
            #expect(serviceError.recommend == "https://api.aliyun.com/troubleshoot?q=x")
            #expect(serviceError.action == "StartInstances")
            #expect(serviceError.retryable == false)
            #expect(serviceError.hostId == "ecs.cn-beijing.aliyuncs.com")
        }
    }

    @Test("a non-JSON body is an invalid-response error, not a crash")
    func nonJSON() async {
        let transport = FakeTransport([.answer(status: 200, body: "<html>oops</html>")])
        await #expect(throws: ECSClientError.self) {
            try await makeClient(transport).send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        }
    }

    @Test("error descriptions never contain the secret")
    func secretsNotShown() {
        #expect(!testCredentials.description.contains(testCredentials.accessKeySecret))
    }

    @Test("a refused connection is reported quickly and clearly")
    func refusedConnection() async throws {
        let port = try unusedLoopbackPort()
        let client = ECSClient(
            configuration: ECSClientConfiguration(
                fixedEndpoint: try ECSEndpoint(parsing: "127.0.0.1:\(port)"), connectTimeout: .seconds(2), readTimeout: .seconds(2),
                retryPolicy: RetryPolicy(maxRetries: 1, baseDelay: .milliseconds(10))))
        do {
            _ = try await client.send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
            Issue.record("expected a transport error")
        } catch {
            #expect(error == .transport(.connectionRefused, endpoint: "http://127.0.0.1:\(port)", attempts: 2))
        }
    }
}

/// A loopback port nothing listens on: bind to port 0, read the port, close.
func unusedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    try #require(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite("Deadlines")
struct DeadlineTests {
    @Test("a server that accepts but never answers hits the sub-second deadline")
    func silentServer() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let port = silent.port
        let transport = HTTPClientTransport()
        let request = HTTPRequestMessage(method: "POST", url: "http://127.0.0.1:\(port)/?Action=DescribeRegions", headers: [:])
        await #expect(throws: TransportFailure.timedOut(seconds: 0.3)) {
            try await transport.send(request, timeout: .milliseconds(300))
        }
    }
}

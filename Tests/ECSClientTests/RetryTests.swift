import ECSClient
import Testing

let throttled = FakeTransport.Outcome.answer(
    status: 400, body: #"{"RequestId":"R1","Code":"Throttling","Message":"You have made too many requests within a short time; your request is denied due to request throttling."}"#)
let serverFault = FakeTransport.Outcome.answer(
    status: 503, body: #"{"RequestId":"R2","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}"#)
let regionsOK = FakeTransport.Outcome.answer(status: 200, body: #"{"Regions":{"Region":[]},"RequestId":"R3"}"#)

@Suite("Retries")
struct RetryTests {
    @Test("a read action is retried through throttling and 5xx to success, with growing pauses")
    func readRetried() async throws {
        let transport = FakeTransport([throttled, serverFault, .fail(.connectionRefused), regionsOK])
        let pauses = PauseRecorder()
        let retries = RetryRecorder()
        let client = ECSClient(
            configuration: ECSClientConfiguration(retryPolicy: RetryPolicy(maxRetries: 3)), transport: transport,
            sleep: { pauses.record($0) }, random: { 0.5 }, onRetry: { retries.record($0) })
        let response = try await client.send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        #expect(response.attempts == 4)
        #expect(transport.sent.count == 4)
        #expect(pauses.recorded == [.milliseconds(225), .milliseconds(150), .milliseconds(300)])
        #expect(retries.recorded.map(\.reason) == ["Throttling", "ServiceUnavailable", "connection refused"])
        #expect(retries.recorded.map(\.attempt) == [1, 2, 3])
        #expect(retries.recorded.allSatisfy { $0.action == "DescribeRegions" })
        let nonces = Set(transport.sent.map { queryParameters(of: $0.url)["SignatureNonce"] ?? "" })
        #expect(nonces.count == 4)
    }

    @Test("retries are bounded by maxRetries")
    func bounded() async {
        let transport = FakeTransport([serverFault, serverFault, serverFault, regionsOK])
        await #expect(throws: ECSClientError.self) {
            try await makeClient(transport, maxRetries: 2).send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        }
        #expect(transport.sent.count == 3)
    }

    @Test("signature and parameter errors are never retried")
    func notRetried() async {
        for code in ["SignatureDoesNotMatch", "InvalidParameter", "MissingParameter"] {
            let transport = FakeTransport([.answer(status: code == "InvalidParameter" ? 500 : 400, body: #"{"Code":"\#(code)","Message":"m"}"#), regionsOK])
            await #expect(throws: ECSClientError.self) {
                try await makeClient(transport).send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
            }
            #expect(transport.sent.count == 1, "\(code)")
        }
    }

    @Test("RunInstances is retried after a 5xx only when it carries a ClientToken, reusing the same token")
    func runInstancesNeedsClientToken() async throws {
        let created = FakeTransport.Outcome.answer(status: 200, body: #"{"RequestId":"R","InstanceIdSets":{"InstanceIdSet":["i-1"]}}"#)
        let withoutToken = FakeTransport([serverFault, created])
        await #expect(throws: ECSClientError.self) {
            try await makeClient(withoutToken).send(ECSRequest(action: "RunInstances", parameters: ["RegionId": "cn-beijing"]), credentials: testCredentials)
        }
        #expect(withoutToken.sent.count == 1)

        let withToken = FakeTransport([serverFault, .fail(.timedOut(seconds: 1)), created])
        let request = ECSRequest(action: "RunInstances", parameters: ["RegionId": "cn-beijing", "ClientToken": "tok-1"])
        let response = try await makeClient(withToken).send(request, credentials: testCredentials)
        #expect(response.attempts == 3)
        #expect(withToken.sent.allSatisfy { queryParameters(of: $0.url)["ClientToken"] == "tok-1" })
    }

    @Test("a state-changing action is retried on throttling and refused connections but not after a timeout")
    func stateChangingActions() async throws {
        let ok = FakeTransport.Outcome.answer(status: 200, body: #"{"RequestId":"R"}"#)
        let transport = FakeTransport([throttled, .fail(.connectionRefused), ok])
        let request = ECSRequest(action: "StopInstances", parameters: ["RegionId": "cn-beijing", "InstanceId.1": "i-1"])
        #expect(try await makeClient(transport).send(request, credentials: testCredentials).attempts == 3)

        let timedOut = FakeTransport([.fail(.timedOut(seconds: 1)), ok])
        await #expect(throws: ECSClientError.transport(.timedOut(seconds: 1), endpoint: "https://ecs.cn-beijing.aliyuncs.com", attempts: 1)) {
            try await makeClient(timedOut).send(request, credentials: testCredentials)
        }
    }

    @Test("back-off grows exponentially, throttling starts higher, and is capped")
    func backoff() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: .milliseconds(100), throttlingBaseDelay: .milliseconds(400), maximumDelay: .seconds(1))
        #expect(policy.delay(beforeRetry: 1, throttled: false, random: 0) == .milliseconds(50))
        #expect(policy.delay(beforeRetry: 3, throttled: false, random: 1) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 2, throttled: true, random: 0) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 10, throttled: false, random: 1) == .seconds(1))
    }
}

@Suite("Retries after a silent resend")
struct NonceRetryTests {
    @Test("SignatureNonceUsed (a resend by the HTTP stack) is retried with a fresh nonce only for idempotent calls")
    func nonceUsed() async throws {
        let used = FakeTransport.Outcome.answer(status: 400, body: #"{"Code":"SignatureNonceUsed","Message":"Specified signature nonce was used already."}"#)
        let transport = FakeTransport([used, regionsOK])
        #expect(try await makeClient(transport).send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials).attempts == 2)
        let stop = FakeTransport([used, regionsOK])
        await #expect(throws: ECSClientError.self) {
            try await makeClient(stop).send(ECSRequest(action: "StopInstances", parameters: ["RegionId": "cn-beijing"]), credentials: testCredentials)
        }
        #expect(stop.sent.count == 1)
    }
}

/// Announces each request, then answers only after a long pause (cancellation must cut it short).
final class SlowTransport: HTTPTransport {
    let started: AsyncStream<Void>
    private let announce: AsyncStream<Void>.Continuation

    init() { (started, announce) = AsyncStream.makeStream() }

    func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        announce.yield()
        do { try await Task.sleep(for: .seconds(60)) } catch { throw .other("cancelled") }
        return HTTPResponseMessage(status: 200, headers: [:], body: Array(#"{"RequestId":"late"}"#.utf8))
    }
}

@Suite("Cancellation")
struct CancellationTests {
    @Test("cancelling the caller's task mid-call ends it with .cancelled, not a transport error, and no retry")
    func cancelled() async {
        let transport = SlowTransport()
        let client = ECSClient(transport: transport)
        let task = Task { () async throws(ECSClientError) -> ECSResponse in
            try await client.send(ECSRequest(action: "DescribeRegions"), credentials: testCredentials)
        }
        for await _ in transport.started { break }
        task.cancel()
        let result = await task.result
        #expect(throws: ECSClientError.cancelled) { try result.get() }
    }
}

import ECSClient
import ECSOperations
import Synchronization
import Testing

/// Counts how many calls are in flight at once, answering each after a short pause.
final class InFlightCounter: HTTPTransport {
    private let state = Mutex<(current: Int, peak: Int, calls: Int)>((0, 0, 0))
    var peak: Int { state.withLock { $0.peak } }
    var calls: Int { state.withLock { $0.calls } }

    func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        state.withLock {
            $0.current += 1
            $0.calls += 1
            $0.peak = max($0.peak, $0.current)
        }
        // Every call is held until a second one is in flight (or 30 s pass), so "some at once" is an event
        // the test waits for, not a scheduling accident; calls made one at a time would leave the peak at 1.
        let deadline = ContinuousClock.now + .seconds(30)
        while peak < 2 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(1)) }
        try? await Task.sleep(for: .milliseconds(5))
        state.withLock { $0.current -= 1 }
        return HTTPResponseMessage(status: 200, headers: [:], body: Array(#"{"RequestId":"R","InstanceResponses":{"InstanceResponse":[]}}"#.utf8))
    }
}

@Suite("Batch concurrency")
struct BatchConcurrencyTests {
    @Test("2000 ids become 20 calls of 100, at most 8 in flight, some at once")
    func bounded() async throws {
        let transport = InFlightCounter()
        let operations = ECSOperations(
            client: ECSClient(transport: transport), credentialProvider: .basic(environment: [:], fallback: demoCredentials))
        _ = try await operations.perform(
            InstanceActionRequest(action: .start, options: beijing, instanceIds: (1...2000).map { "i-\($0)" }))
        #expect(transport.calls == 20)
        #expect(transport.peak <= ECSOperations.maximumConcurrentCalls)
        #expect(transport.peak > 1)
    }
}

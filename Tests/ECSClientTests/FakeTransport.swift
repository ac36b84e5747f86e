import ECSClient
import Synchronization

/// A scripted `HTTPTransport`: answers each request with the next scripted outcome and records what was sent.
final class FakeTransport: HTTPTransport {
    enum Outcome: Sendable {
        case answer(status: Int, body: String, headers: [String: String] = [:])
        case fail(TransportFailure)
    }

    private let state: Mutex<(script: [Outcome], sent: [HTTPRequestMessage])>

    init(_ script: [Outcome]) { state = Mutex((script, [])) }

    var sent: [HTTPRequestMessage] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        let outcome: Outcome = state.withLock { state in
            state.sent.append(request)
            return state.script.isEmpty ? .fail(.other("script exhausted")) : state.script.removeFirst()
        }
        switch outcome {
        case .answer(let status, let body, let headers):
            return HTTPResponseMessage(status: status, headers: headers, body: Array(body.utf8))
        case .fail(let failure):
            throw failure
        }
    }
}

/// Records the back-off pauses instead of sleeping.
final class PauseRecorder: Sendable {
    private let pauses = Mutex<[Duration]>([])
    var recorded: [Duration] { pauses.withLock { $0 } }
    func record(_ duration: Duration) { pauses.withLock { $0.append(duration) } }
}

let testCredentials = ECSCredentials(accessKeyId: "LTAI5tTestAccessKeyId", accessKeySecret: "TestAccessKeySecret0123456789ab", source: "test")

func makeClient(_ transport: FakeTransport, maxRetries: Int = 3, pauses: PauseRecorder = PauseRecorder()) -> ECSClient {
    ECSClient(
        configuration: ECSClientConfiguration(retryPolicy: RetryPolicy(maxRetries: maxRetries)), transport: transport,
        sleep: { pauses.record($0) }, random: { 0.5 })
}

/// Records the retries a client reports.
final class RetryRecorder: Sendable {
    private let events = Mutex<[ECSRetryEvent]>([])
    var recorded: [ECSRetryEvent] { events.withLock { $0 } }
    func record(_ event: ECSRetryEvent) { events.withLock { $0.append(event) } }
}

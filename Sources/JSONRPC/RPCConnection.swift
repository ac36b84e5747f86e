import Dispatch
import JSON
import Synchronization

/// One client's session: runs its requests concurrently, answers each exactly once, applies backpressure.
///
/// The transport's reader thread calls ``receive(_:)`` for each frame; it blocks while `maxInFlight` lines are
/// being handled, so a fast client is slowed down rather than buffered without bound.
public final class RPCConnection: ConnectionControl, Sendable {
    public let info: ConnectionInfo
    let dispatcher: Dispatcher
    let sink: any LineSink
    let slots: DispatchSemaphore
    let maxInFlight: Int
    let onClose: @Sendable (RPCConnection) -> Void

    private struct RunningRequest {
        let id: RequestID?
        let cancel: @Sendable () -> Void
    }

    private struct State {
        var inFlight = 0
        var nextToken = 0
        var running: [Int: RunningRequest] = [:]
        var accepting = true
        var inputFinished = false
        var closed = false
    }
    private let state = Mutex(State())

    /// - Parameters:
    ///   - maxInFlight: lines handled at once before the reader stops reading.
    ///   - onClose: called once, after the input ended and every answer was handed to the sink.
    public init(
        info: ConnectionInfo, dispatcher: Dispatcher, sink: any LineSink, maxInFlight: Int = 128,
        onClose: @escaping @Sendable (RPCConnection) -> Void = { _ in }
    ) {
        self.info = info
        self.dispatcher = dispatcher
        self.sink = sink
        self.maxInFlight = max(1, maxInFlight)
        self.slots = DispatchSemaphore(value: max(1, maxInFlight))
        self.onClose = onClose
    }

    // MARK: - Input (called from the transport's reader thread)

    /// Handles one frame; blocks the calling thread while the in-flight limit is reached.
    ///
    /// - Important: Call from a dedicated thread, never from the cooperative pool.
    public func receive(_ frame: Frame) {
        guard isAccepting else { return }
        slots.wait()
        let admitted = state.withLock { state -> Bool in
            guard state.accepting else { return false }
            state.inFlight += 1
            return true
        }
        guard admitted else {
            slots.signal()
            return
        }
        switch frame {
        case .tooLong(let byteCount, let limit):
            dispatcher.logger.info(
                "message.too_large",
                ["connection": .number(JSONNumber(info.id)), "bytes": .number(JSONNumber(byteCount))])
            answer(Response.failure(id: .null, error: .messageTooLarge(byteCount: byteCount, limit: limit)))
        case .line(let bytes):
            handle(DecodedLine(line: bytes))
        }
    }

    /// The input ended (EOF or read error); the connection closes once every answer is out.
    public func finishInput() {
        state.withLock {
            $0.inputFinished = true
            $0.accepting = false
        }
        closeIfDone()
    }

    /// Stops taking new lines (shutdown); requests in flight still finish and are answered.
    public func stopAccepting() {
        state.withLock { $0.accepting = false }
    }

    /// Whether new lines are still taken.
    public var isAccepting: Bool { state.withLock { $0.accepting } }

    /// Lines taken but not yet fully answered.
    public var inFlightCount: Int { state.withLock { $0.inFlight } }

    /// Whether the connection has closed its output.
    public var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: - Control

    public func notify(method: String, params: JSONValue) {
        sink.send(Response.notification(method: method, params: params).serializedBytes(), onWritten: nil)
    }

    @discardableResult
    public func cancel(requestID: RequestID) -> Bool {
        let matches = state.withLock { state in state.running.values.filter { $0.id == requestID } }
        for request in matches { request.cancel() }
        return !matches.isEmpty
    }

    /// Cancels every request in flight (peer gone, or shutdown timed out).
    public func cancelAll() {
        let all = state.withLock { Array($0.running.values) }
        for request in all { request.cancel() }
    }

    /// The output failed (the peer went away): stop reading and cancel what runs.
    public func outputFailed() {
        stopAccepting()
        cancelAll()
    }

    // MARK: - Dispatch

    private func handle(_ decoded: DecodedLine) {
        switch decoded {
        case .failure(let error):
            answer(Response.failure(id: .null, error: error))
        case .single(let message):
            handleSingle(message)
        case .batch(let messages):
            handleBatch(messages)
        }
    }

    private func handleSingle(_ message: IncomingMessage) {
        switch message {
        case .invalid(let id, let error):
            answer(Response.failure(id: id, error: error))
        case .request(let request), .notification(let request):
            if let inline = dispatcher.performInline(request, control: self, connection: info) {
                if let response = inline { answer(response) } else { release() }
                return
            }
            _ = spawn(id: request.id) { [self] in
                let response = await dispatcher.perform(request, control: self, connection: info)
                if let response { answer(response) } else { release() }
                return nil
            }
        }
    }

    /// Runs a batch's calls concurrently, at most `maxInFlight` at once, and answers them in one array.
    private func handleBatch(_ messages: [IncomingMessage]) {
        Task.detached { [self] in
            var responses = [JSONValue?](repeating: nil, count: messages.count)
            var window: [(index: Int, task: Task<JSONValue?, Never>)] = []
            for (index, message) in messages.enumerated() {
                switch message {
                case .invalid(let id, let error):
                    responses[index] = Response.failure(id: id, error: error)
                case .request(let request), .notification(let request):
                    if window.count >= maxInFlight {
                        let oldest = window.removeFirst()
                        responses[oldest.index] = await oldest.task.value
                    }
                    let task = spawn(id: request.id) { [self] in
                        await dispatcher.perform(request, control: self, connection: info)
                    }
                    window.append((index, task))
                }
            }
            for (index, task) in window { responses[index] = await task.value }
            let answers = responses.compactMap { $0 }
            if answers.isEmpty { release() } else { answer(.array(answers)) }
        }
    }

    /// Runs `body` in its own task, registered under `id` so it can be cancelled.
    private func spawn(id: RequestID?, _ body: @escaping @Sendable () async -> JSONValue?) -> Task<JSONValue?, Never> {
        state.withLock { state in
            let token = state.nextToken
            state.nextToken += 1
            let task = Task.detached { [self] in
                let result = await body()
                _ = self.state.withLock { $0.running.removeValue(forKey: token) }
                return result
            }
            state.running[token] = RunningRequest(id: id, cancel: { task.cancel() })
            return task
        }
    }

    /// Writes the answer of one line, then frees its slot.
    private func answer(_ response: JSONValue) {
        sink.send(response.serializedBytes(), onWritten: { [self] in release() })
    }

    private func release() {
        state.withLock { $0.inFlight -= 1 }
        slots.signal()
        closeIfDone()
    }

    private func closeIfDone() {
        let shouldClose = state.withLock { state -> Bool in
            guard state.inputFinished, state.inFlight == 0, !state.closed else { return false }
            state.closed = true
            return true
        }
        if shouldClose {
            sink.close()
            onClose(self)
        }
    }
}

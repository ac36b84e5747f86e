import Foundation
import JSON
import JSONRPC
import Synchronization
import Testing

/// Collects written lines in memory; hands each to an async stream as well.
final class MemorySink: LineSink {
    let lines: AsyncStream<JSONValue>
    private let continuation: AsyncStream<JSONValue>.Continuation
    let closed = Mutex(false)

    init() {
        (lines, continuation) = AsyncStream.makeStream()
    }

    func send(_ line: [UInt8], onWritten: (@Sendable () -> Void)?) {
        if let value = try? JSONValue.parse(line) { continuation.yield(value) }
        onWritten?()
    }

    func close() {
        closed.withLock { $0 = true }
        continuation.finish()
    }
}

/// A latch async code can wait on.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}

@Suite("Connection dispatch")
struct RPCConnectionTests {
    private func line(_ text: String) -> Frame { .line(Array(text.utf8)) }

    private func makeConnection(_ registry: MethodRegistry, maxInFlight: Int = 8, sink: MemorySink) -> RPCConnection {
        RPCConnection(
            info: ConnectionInfo(id: 1, transport: .inMemory),
            dispatcher: Dispatcher(registry: registry, logger: .disabled), sink: sink, maxInFlight: maxInFlight)
    }

    /// Feeds frames from a dedicated thread, as a transport does (receive may block).
    private func feed(_ connection: RPCConnection, _ frames: [Frame], finish: Bool = false) {
        let thread = Thread {
            for frame in frames { connection.receive(frame) }
            if finish { connection.finishInput() }
        }
        thread.start()
    }

    @Test("a slow request does not hold back a later one; each is answered once")
    func outOfOrder() async throws {
        let registry = MethodRegistry()
        let gate = Gate()
        registry.register("slow") { _, _ in
            await gate.wait()
            return "slow"
        }
        registry.register("fast") { _, _ in "fast" }
        let sink = MemorySink()
        let connection = makeConnection(registry, sink: sink)
        feed(connection, [line(#"{"jsonrpc":"2.0","method":"slow","id":1}"#), line(#"{"jsonrpc":"2.0","method":"fast","id":2}"#)], finish: true)
        var iterator = sink.lines.makeAsyncIterator()
        #expect(await iterator.next()?["id"] == 2)
        gate.open()
        #expect(await iterator.next()?["result"] == "slow")
        #expect(await iterator.next() == nil)
        #expect(connection.isClosed)
    }

    @Test("reading stops at the in-flight limit and resumes when a request completes")
    func backpressure() async throws {
        let registry = MethodRegistry()
        let gate = Gate()
        let started = AsyncStream<Int>.makeStream()
        registry.register("wait") { parameters, _ in
            started.continuation.yield(try parameters.requiredInt("n"))
            await gate.wait()
            return .null
        }
        let sink = MemorySink()
        let connection = makeConnection(registry, maxInFlight: 2, sink: sink)
        let frames = (1...3).map { line(#"{"jsonrpc":"2.0","method":"wait","params":{"n":\#($0)},"id":\#($0)}"#) }
        feed(connection, frames, finish: true)
        var starts = started.stream.makeAsyncIterator()
        let first = await starts.next()
        let second = await starts.next()
        #expect(Set([first, second]) == [1, 2])
        #expect(connection.inFlightCount == 2)
        gate.open()
        #expect(await starts.next() == 3)
        var answers = 0
        for await _ in sink.lines { answers += 1 }
        #expect(answers == 3)
    }

    @Test("cancel(requestID:) cancels the handler's task, which is answered with -32005")
    func cancellation() async throws {
        let registry = MethodRegistry()
        let started = AsyncStream<Void>.makeStream()
        registry.register("forever") { _, _ in
            started.continuation.yield()
            try await Task.sleep(for: .seconds(3600))
            return .null
        }
        let sink = MemorySink()
        let connection = makeConnection(registry, sink: sink)
        feed(connection, [line(#"{"jsonrpc":"2.0","method":"forever","id":"f"}"#)])
        var iterator = started.stream.makeAsyncIterator()
        await iterator.next()
        #expect(connection.cancel(requestID: "f"))
        #expect(!connection.cancel(requestID: "other"))
        var answers = sink.lines.makeAsyncIterator()
        let answer = await answers.next()
        #expect(answer?["id"] == "f")
        #expect(answer?["error"]?["code"] == -32005)
    }

    @Test("a notification hook runs for notifications and can cancel a request of the same connection")
    func notificationHook() async throws {
        let registry = MethodRegistry()
        let started = AsyncStream<Void>.makeStream()
        registry.register("forever") { _, _ in
            started.continuation.yield()
            try await Task.sleep(for: .seconds(3600))
            return .null
        }
        registry.registerNotification("$/cancelRequest") { parameters, context in
            if let id = parameters.value("id").flatMap(RequestID.init) { context.cancelRequest(id) }
        }
        let sink = MemorySink()
        let connection = makeConnection(registry, sink: sink)
        feed(connection, [line(#"{"jsonrpc":"2.0","method":"forever","id":9}"#)])
        var iterator = started.stream.makeAsyncIterator()
        await iterator.next()
        feed(connection, [line(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":9}}"#)])
        var answers = sink.lines.makeAsyncIterator()
        let answer = await answers.next()
        #expect(answer?["id"] == 9)
        #expect(answer?["error"]?["code"] == -32005)
    }

    @Test("handlers can notify their client; the context names the request")
    func notify() async throws {
        let registry = MethodRegistry()
        registry.register("chatty") { _, context in
            await context.notify(method: "progress", params: ["of": .string(context.method)])
            return context.requestID?.json ?? .null
        }
        let sink = MemorySink()
        let connection = makeConnection(registry, sink: sink)
        feed(connection, [line(#"{"jsonrpc":"2.0","method":"chatty","id":"c"}"#)], finish: true)
        var iterator = sink.lines.makeAsyncIterator()
        #expect(await iterator.next() == ["jsonrpc": "2.0", "method": "progress", "params": ["of": "chatty"]])
        #expect(await iterator.next()?["result"] == "c")
    }

    @Test("inline methods answer on the reader's thread; in a batch they run like any method")
    func inline() async throws {
        let registry = MethodRegistry()
        let readerThread = Mutex<UInt>(0)
        registry.registerInline("where") { _, _ in
            .string(readerThread.withLock { $0 } == UInt(pthread_self()) ? "test-reader" : "elsewhere")
        }
        let sink = MemorySink()
        let connection = makeConnection(registry, sink: sink)
        let thread = Thread {
            readerThread.withLock { $0 = UInt(pthread_self()) }
            connection.receive(.line(Array(#"{"jsonrpc":"2.0","method":"where","id":1}"#.utf8)))
            connection.receive(.line(Array(#"[{"jsonrpc":"2.0","method":"where","id":2}]"#.utf8)))
            connection.finishInput()
        }
        thread.name = "test-reader"
        thread.start()
        var answers: [JSONValue] = []
        for await answer in sink.lines { answers.append(answer) }
        #expect(answers.contains(["jsonrpc": "2.0", "id": 1, "result": "test-reader"]))
        #expect(answers.contains { $0[0]?["id"] == 2 && $0[0]?["result"] != "test-reader" })
        #expect(registry.methodNames == ["where"])
    }

    @Test("thrown errors are mapped, and secret param values are scrubbed from them")
    func errors() async throws {
        let registry = MethodRegistry()
        struct Boom: Error {}
        registry.register("boom") { _, _ in throw Boom() }
        registry.register("leaky") { parameters, _ in
            throw RPCError(code: -32000, message: "bad secret \(try parameters.requiredString("accessKeySecret"))")
        }
        let sink = MemorySink()
        let connection = makeConnection(registry, sink: sink)
        feed(connection, [
            line(#"{"jsonrpc":"2.0","method":"boom","id":1}"#),
            line(#"{"jsonrpc":"2.0","method":"leaky","params":{"accessKeySecret":"abc123xyz"},"id":2}"#),
            .tooLong(byteCount: 99, limit: 10),
        ], finish: true)
        var byID: [JSONValue: JSONValue] = [:]
        for await answer in sink.lines { byID[answer["id"] ?? .null] = answer }
        #expect(byID[1]?["error"]?["code"] == -32603)
        #expect(byID[2]?["error"]?["message"] == "bad secret ***")
        #expect(byID[.null]?["error"]?["code"] == -32010)
    }
}

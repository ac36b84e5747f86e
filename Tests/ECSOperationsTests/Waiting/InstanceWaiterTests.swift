@testable import ECSOperations
import Synchronization
import Testing

/// A status source that answers from a script of polls, then repeats the last one.
final class ScriptedStatuses: Sendable {
    private let script: [[String: String]]
    private let state = Mutex<(polls: Int, asked: [[String]])>((0, []))

    init(_ script: [[String: String]]) { self.script = script }

    var reader: InstanceWaiter.StatusReader {
        { [self] ids in
            state.withLock { state in
                state.asked.append(ids)
                defer { state.polls += 1 }
                return script[min(state.polls, script.count - 1)]
            }
        }
    }

    var polls: Int { state.withLock { $0.polls } }
    var asked: [[String]] { state.withLock { $0.asked } }
}

/// Collects progress reports in order.
final class ProgressLog: Sendable {
    private let entries = Mutex<[InstanceWaitProgress]>([])
    var handler: InstanceWaiter.ProgressHandler { { [self] progress in entries.withLock { $0.append(progress) } } }
    var all: [InstanceWaitProgress] { entries.withLock { $0 } }
}

@Suite("InstanceWaiter")
struct InstanceWaiterTests {
    let fast = WaitPolicy(timeout: .seconds(30), interval: .milliseconds(1), maximumInterval: .milliseconds(2))

    @Test("waits until every instance is Running and reports each change in order")
    func reachesRunning() async throws {
        let source = ScriptedStatuses([
            ["i-a": "Pending", "i-b": "Pending"],
            ["i-a": "Starting", "i-b": "Pending"],
            ["i-a": "Running", "i-b": "Starting"],
            ["i-a": "Running", "i-b": "Starting"],
            ["i-a": "Running", "i-b": "Running"],
        ])
        let log = ProgressLog()
        let outcome = try await InstanceWaiter(policy: fast, read: source.reader)
            .wait(for: ["i-a", "i-b", "i-a"], target: .running, onProgress: log.handler)
        #expect(outcome.progress.reached == ["i-a", "i-b"])
        #expect(outcome.progress.polls == 5)
        #expect(source.asked.allSatisfy { $0 == ["i-a", "i-b"] })
        // The unchanged fourth poll is not reported.
        #expect(log.all.map(\.message) == [
            "0 of 2 instances Running (i-a Pending, i-b Pending)",
            "0 of 2 instances Running (i-a Starting, i-b Pending)",
            "1 of 2 instances Running (i-b Starting)",
            "2 of 2 instances Running",
        ])
        #expect(outcome.json["reached"] == ["i-a", "i-b"])
        #expect(outcome.json["instances"]?[1]?["status"] == "Running")
    }

    @Test("Deleted means the instance no longer appears")
    func reachesDeleted() async throws {
        let source = ScriptedStatuses([["i-a": "Stopped", "i-b": "Running"], ["i-b": "Stopping"], [:]])
        let outcome = try await InstanceWaiter(policy: fast, read: source.reader).wait(for: ["i-a", "i-b"], target: .deleted)
        #expect(outcome.progress.reached == ["i-a", "i-b"])
        #expect(outcome.json["instances"]?[0]?["status"] == .null)
        #expect(InstanceTargetStatus.running.isReached(by: nil) == false)
    }

    @Test("a timeout names the instances that reached the target and the last status of the others")
    func timesOut() async throws {
        let source = ScriptedStatuses([["i-a": "Running", "i-b": "Stopping"]])
        let policy = WaitPolicy(timeout: .milliseconds(50), interval: .milliseconds(5))
        let error = await #expect(throws: InstanceWaitTimedOut.self) {
            try await InstanceWaiter(policy: policy, read: source.reader).wait(for: ["i-a", "i-b", "i-c"], target: .running)
        }
        let timedOut = try #require(error)
        #expect(timedOut.progress.reached == ["i-a"])
        #expect(timedOut.progress.pending == [
            InstanceStatusEntry(instanceId: "i-b", status: "Stopping"), InstanceStatusEntry(instanceId: "i-c", status: nil),
        ])
        #expect(timedOut.description.contains("1 of 3 reached it; i-b is Stopping, i-c is not found"))
        #expect(source.polls >= 2)
    }

    @Test("cancelling the task stops the wait while it sleeps, without another poll")
    func cancellation() async throws {
        let source = ScriptedStatuses([["i-a": "Stopping"]])
        let log = ProgressLog()
        let slow = WaitPolicy(timeout: .seconds(600), interval: .seconds(300))
        let task = Task {
            try await InstanceWaiter(policy: slow, read: source.reader).wait(for: ["i-a"], target: .stopped, onProgress: log.handler)
        }
        while log.all.isEmpty { await Task.yield() }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(source.polls == 1)
    }

    @Test("reader errors end the wait as they are")
    func readerError() async throws {
        struct Boom: Error {}
        let waiter = InstanceWaiter(policy: fast) { _ in throw Boom() }
        await #expect(throws: Boom.self) { try await waiter.wait(for: ["i-a"], target: .running) }
    }

    @Test("target statuses parse case-insensitively and refuse others")
    func parsing() {
        #expect(InstanceTargetStatus(parsing: "running") == .running)
        #expect(InstanceTargetStatus(parsing: "Deleted") == .deleted)
        #expect(InstanceTargetStatus(parsing: "Starting") == nil)
    }

    @Test("pauses grow by the backoff factor up to the cap")
    func backoff() {
        let policy = WaitPolicy(timeout: .seconds(60), interval: .seconds(1), maximumInterval: .seconds(3), backoff: 2)
        #expect(policy.next(after: .seconds(1)) == .seconds(2))
        #expect(policy.next(after: .seconds(2)) == .seconds(3))
    }
}

@Suite("InstanceWaiter cancellation mid-read")
struct InstanceWaiterCancellationTests {
    @Test("a read that fails because the task was cancelled ends the wait as cancelled, not as the read's error")
    func cancelledRead() async throws {
        struct TransportCancelled: Error {}
        let started = AsyncStream<Void>.makeStream()
        let waiter = InstanceWaiter(policy: WaitPolicy(timeout: .seconds(600))) { _ in
            started.continuation.yield()
            // Like an HTTP call abandoned on cancellation: it returns its own error, not CancellationError.
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            throw TransportCancelled()
        }
        let task = Task { try await waiter.wait(for: ["i-a"], target: .running) }
        var iterator = started.stream.makeAsyncIterator()
        await iterator.next()
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
    }
}

@testable import ECSOperations
import Testing

/// Absent instances: waited for during the grace period (ECS is eventually consistent after RunInstances), then
/// a typed failure naming them, never the whole timeout; Deleted keeps treating absence as the goal.
@Suite("InstanceWaiter: instances that are not found")
struct InstanceWaitNotFoundTests {
    /// Polls fast, gives up on absent ids after 50 ms; the 30 s timeout would only be hit without the grace rule.
    let shortGrace = WaitPolicy(
        timeout: .seconds(30), interval: .milliseconds(1), maximumInterval: .milliseconds(2), notFoundGrace: .milliseconds(50))

    @Test("an id absent for the whole grace period fails the wait with InstanceWaitNotFound naming it")
    func absentIdFails() async throws {
        let source = ScriptedStatuses([["i-a": "Running"]])
        let error = await #expect(throws: InstanceWaitNotFound.self) {
            try await InstanceWaiter(policy: shortGrace, read: source.reader).wait(for: ["i-a", "i-b", "i-c"], target: .running)
        }
        let notFound = try #require(error)
        #expect(notFound.missing == ["i-b", "i-c"])
        #expect(notFound.progress.reached == ["i-a"])
        #expect(notFound.grace == .milliseconds(50))
        #expect(notFound.elapsed >= .milliseconds(50))
        #expect(notFound.description.hasPrefix("Instances not found: i-b, i-c (absent for 0.05 s while waiting for Running"))
        #expect(source.polls >= 2)
    }

    @Test("an id that appears within the grace period is waited for as usual")
    func lateAppearanceIsWaitedFor() async throws {
        let source = ScriptedStatuses([[:], [:], ["i-a": "Pending"], ["i-a": "Starting"], ["i-a": "Running"]])
        let policy = WaitPolicy(timeout: .seconds(30), interval: .milliseconds(1), notFoundGrace: .seconds(30))
        let outcome = try await InstanceWaiter(policy: policy, read: source.reader).wait(for: ["i-a"], target: .running)
        #expect(outcome.progress.reached == ["i-a"])
        #expect(outcome.progress.polls == 5)
    }

    @Test("an instance seen and then gone for the grace period fails a Stopped wait")
    func vanishedInstanceFails() async throws {
        let source = ScriptedStatuses([["i-a": "Stopping"], [:]])
        let error = await #expect(throws: InstanceWaitNotFound.self) {
            try await InstanceWaiter(policy: shortGrace, read: source.reader).wait(for: ["i-a"], target: .stopped)
        }
        #expect(error?.missing == ["i-a"])
        #expect(error?.description.hasPrefix("Instance not found: i-a") == true)
    }

    @Test("a grace of zero fails at the first poll that misses the id")
    func zeroGrace() async throws {
        let source = ScriptedStatuses([["i-a": "Pending"]])
        let policy = WaitPolicy(timeout: .seconds(30), interval: .milliseconds(1), notFoundGrace: .zero)
        let error = await #expect(throws: InstanceWaitNotFound.self) {
            try await InstanceWaiter(policy: policy, read: source.reader).wait(for: ["i-a", "i-gone"], target: .running)
        }
        #expect(error?.missing == ["i-gone"])
        #expect(source.polls == 1)
    }

    @Test("Deleted: absence is the target, whatever the grace")
    func deletedIgnoresGrace() async throws {
        let source = ScriptedStatuses([[:]])
        let policy = WaitPolicy(timeout: .seconds(30), interval: .milliseconds(1), notFoundGrace: .zero)
        let outcome = try await InstanceWaiter(policy: policy, read: source.reader).wait(for: ["i-a", "i-b"], target: .deleted)
        #expect(outcome.progress.reached == ["i-a", "i-b"])
        #expect(source.polls == 1)
    }

    @Test("with long pauses, the wait wakes when the grace runs out instead of sleeping through it")
    func wakesAtGraceEnd() async throws {
        let source = ScriptedStatuses([[:]])
        let policy = WaitPolicy(timeout: .seconds(60), interval: .seconds(30), notFoundGrace: .milliseconds(50))
        let error = await #expect(throws: InstanceWaitNotFound.self) {
            try await InstanceWaiter(policy: policy, read: source.reader).wait(for: ["i-a"], target: .running)
        }
        // The second poll came at the end of the grace period, not after the first 30 s pause.
        #expect(source.polls == 2)
        #expect(try #require(error).elapsed < .seconds(30))
    }

    @Test("the tracker measures each id's current run of absences from the poll that first missed it")
    func tracker() {
        let start = ContinuousClock.now
        var tracker = AbsenceTracker(grace: .seconds(10), applies: true)
        let absent = [InstanceStatusEntry(instanceId: "i-a", status: nil), InstanceStatusEntry(instanceId: "i-b", status: nil)]
        #expect(tracker.record(absent, polledAt: start).isEmpty)
        #expect(tracker.earliestGraceEnd == start + .seconds(10))
        let bSeen = [InstanceStatusEntry(instanceId: "i-a", status: nil), InstanceStatusEntry(instanceId: "i-b", status: "Pending")]
        #expect(tracker.record(bSeen, polledAt: start + .seconds(5)).isEmpty)
        #expect(tracker.record(absent, polledAt: start + .seconds(10)) == ["i-a"])
        #expect(tracker.record(absent, polledAt: start + .seconds(19)) == ["i-a"])
        #expect(tracker.record(absent, polledAt: start + .seconds(20)) == ["i-a", "i-b"])
        var deleted = AbsenceTracker(grace: .zero, applies: false)
        #expect(deleted.record(absent, polledAt: start).isEmpty)
        #expect(deleted.earliestGraceEnd == nil)
    }
}

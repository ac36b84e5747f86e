/// Polls instance statuses until every instance reaches a target, the deadline passes, or the task is cancelled.
///
/// The status source is a closure so the loop is the same for DescribeInstanceStatus, DescribeInstances and tests.
public struct InstanceWaiter: Sendable {
    /// Reads the current status of the given ids; ids missing from the answer are "not found".
    public typealias StatusReader = @Sendable ([String]) async throws -> [String: String]
    /// Told about each poll that changed something (and the first one).
    public typealias ProgressHandler = @Sendable (InstanceWaitProgress) async -> Void

    public var policy: WaitPolicy
    let read: StatusReader

    public init(policy: WaitPolicy, read: @escaping StatusReader) {
        self.policy = policy
        self.read = read
    }

    /// Waits for `instanceIds` to reach `target`.
    ///
    /// An id absent from every poll for ``WaitPolicy/notFoundGrace`` ends a wait for Running or Stopped (absence is
    /// what Deleted waits for); a shorter absence is ECS's eventual consistency after RunInstances and is waited out.
    ///
    /// - Throws: `InstanceWaitNotFound` for ids absent past the grace period, `InstanceWaitTimedOut` at the
    ///   deadline, `CancellationError` when cancelled (at once, also mid-sleep), or whatever the reader throws.
    public func wait(
        for instanceIds: [String], target: InstanceTargetStatus, onProgress: ProgressHandler? = nil
    ) async throws -> InstanceWaitOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + policy.timeout
        var ids: [String] = []
        for id in instanceIds where !ids.contains(id) { ids.append(id) }
        var pause = policy.interval
        var polls = 0
        var reported: InstanceWaitProgress?
        var absence = AbsenceTracker(grace: policy.notFoundGrace, applies: target != .deleted)
        while true {
            try Task.checkCancellation()
            let polledAt = clock.now
            let statuses: [String: String]
            do {
                statuses = try await read(ids)
            } catch {
                // A read abandoned because the wait was cancelled fails however its layer reports it; say "cancelled".
                if Task.isCancelled { throw CancellationError() }
                throw error
            }
            try Task.checkCancellation()
            polls += 1
            let progress = InstanceWaitProgress(
                target: target, statuses: ids.map { InstanceStatusEntry(instanceId: $0, status: statuses[$0]) }, polls: polls)
            if let onProgress, reported?.statuses != progress.statuses {
                await onProgress(progress)
                reported = progress
            }
            if progress.isComplete {
                return InstanceWaitOutcome(progress: progress, elapsed: clock.now - start)
            }
            let missing = absence.record(progress.statuses, polledAt: polledAt)
            let now = clock.now
            if !missing.isEmpty {
                throw InstanceWaitNotFound(missing: missing, progress: progress, elapsed: now - start, grace: policy.notFoundGrace)
            }
            // A poll at (or after) the deadline was the last look; otherwise sleep, never past the deadline, and
            // wake when an absent id's grace runs out so that poll decides at once.
            guard now < deadline else { throw InstanceWaitTimedOut(progress: progress, elapsed: now - start) }
            var wake = min(deadline, now + pause)
            if let graceEnds = absence.earliestGraceEnd { wake = min(wake, max(now, graceEnds)) }
            try await Task.sleep(until: wake, clock: clock)
            pause = policy.next(after: pause)
        }
    }
}

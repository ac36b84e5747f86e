/// A wait ran out of time: which instances reached the target, and the last status of the others.
public struct InstanceWaitTimedOut: Error, Sendable, Hashable, CustomStringConvertible {
    /// The last poll's statuses.
    public var progress: InstanceWaitProgress
    /// How long the wait ran.
    public var elapsed: Duration

    public init(progress: InstanceWaitProgress, elapsed: Duration) {
        self.progress = progress
        self.elapsed = elapsed
    }

    public var description: String {
        let late = progress.pending.map { "\($0.instanceId) is \($0.status ?? "not found")" }.joined(separator: ", ")
        return "Timed out after \(InstanceWaitOutcome.seconds(elapsed)) s waiting for \(progress.target.rawValue): "
            + "\(progress.reached.count) of \(progress.statuses.count) reached it; \(late)"
    }
}

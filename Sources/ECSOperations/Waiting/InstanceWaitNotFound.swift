/// A wait for Running or Stopped ended early: some instances were absent from every poll for the whole grace
/// period (``WaitPolicy/notFoundGrace``), so they do not exist (any more) in that region and account.
public struct InstanceWaitNotFound: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ids absent for at least the grace period, in the order asked.
    public var missing: [String]
    /// The last poll's statuses (the missing ids with `nil`).
    public var progress: InstanceWaitProgress
    /// How long the wait ran.
    public var elapsed: Duration
    /// The grace period the missing ids exceeded.
    public var grace: Duration

    public init(missing: [String], progress: InstanceWaitProgress, elapsed: Duration, grace: Duration) {
        self.missing = missing
        self.progress = progress
        self.elapsed = elapsed
        self.grace = grace
    }

    public var description: String {
        let noun = missing.count == 1 ? "Instance" : "Instances"
        return "\(noun) not found: \(missing.joined(separator: ", ")) (absent for \(InstanceWaitOutcome.seconds(grace)) s "
            + "while waiting for \(progress.target.rawValue); check the ids and the region); "
            + "\(progress.reached.count) of \(progress.statuses.count) reached \(progress.target.rawValue)"
    }
}

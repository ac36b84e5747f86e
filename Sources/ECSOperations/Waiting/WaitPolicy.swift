/// How long and how often a wait polls: the first poll at once, then `interval` growing by `backoff` up to
/// `maximumInterval`, never past the deadline.
public struct WaitPolicy: Sendable, Hashable {
    /// The whole wait's limit.
    public var timeout: Duration
    /// The pause after the first poll.
    public var interval: Duration
    /// The longest pause between polls.
    public var maximumInterval: Duration
    /// The factor each pause grows by.
    public var backoff: Double
    /// How long an instance may be absent before a wait for Running or Stopped fails with
    /// ``InstanceWaitNotFound``: ECS is eventually consistent, so a new instance may be missing for a few seconds.
    public var notFoundGrace: Duration

    public static let defaultTimeout: Duration = .seconds(300)
    public static let defaultInterval: Duration = .milliseconds(500)
    public static let defaultNotFoundGrace: Duration = .seconds(10)
    /// Bounds accepted from callers.
    public static let timeoutRange: ClosedRange<Double> = 0.1...3600
    public static let intervalRange: ClosedRange<Double> = 0.01...60
    public static let notFoundGraceRange: ClosedRange<Double> = 0...3600

    public init(
        timeout: Duration = WaitPolicy.defaultTimeout, interval: Duration = WaitPolicy.defaultInterval,
        maximumInterval: Duration? = nil, backoff: Double = 1.5, notFoundGrace: Duration = WaitPolicy.defaultNotFoundGrace
    ) {
        self.timeout = timeout
        self.interval = interval
        self.maximumInterval = maximumInterval ?? max(interval, .seconds(5))
        self.backoff = max(1, backoff)
        self.notFoundGrace = max(.zero, notFoundGrace)
    }

    /// The pause after `pause`, grown by the backoff factor and capped.
    func next(after pause: Duration) -> Duration {
        min(maximumInterval, pause * backoff)
    }
}

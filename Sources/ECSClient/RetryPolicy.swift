/// How many times, and how long apart, a failed ECS call is tried again.
/// Delays grow exponentially from a base (a longer one for throttling) with "equal jitter":
/// half the step is fixed, the other half random, capped at `maximumDelay`.
public struct RetryPolicy: Sendable, Equatable {
    /// Further attempts after the first; 0 disables retries.
    public var maxRetries: Int
    public var baseDelay: Duration
    public var throttlingBaseDelay: Duration
    public var maximumDelay: Duration

    public init(
        maxRetries: Int = 3, baseDelay: Duration = .milliseconds(100),
        throttlingBaseDelay: Duration = .milliseconds(300), maximumDelay: Duration = .seconds(5)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.throttlingBaseDelay = throttlingBaseDelay
        self.maximumDelay = maximumDelay
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxRetries: 0)

    /// The pause before retry number `retry` (1-based); `random` is a sample in 0..<1.
    public func delay(beforeRetry retry: Int, throttled: Bool, random: Double) -> Duration {
        let base = throttled ? throttlingBaseDelay : baseDelay
        let exponent = min(max(retry - 1, 0), 20)
        var step = base * (1 << exponent)
        if step > maximumDelay { step = maximumDelay }
        let half = step / 2
        let sample = min(max(random, 0), 1)
        return half + half * sample
    }
}

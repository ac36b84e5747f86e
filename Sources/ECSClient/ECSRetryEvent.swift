/// A failed attempt about to be retried, for logs: what failed and how long the client waits. Never carries secrets.
public struct ECSRetryEvent: Sendable, Equatable {
    public var action: String
    public var endpoint: String
    /// The attempt that failed (1 for the first).
    public var attempt: Int
    /// The ECS code (`Throttling`, `ServiceUnavailable`) or the transport failure (`connection refused`).
    public var reason: String
    public var delay: Duration

    public init(action: String, endpoint: String, attempt: Int, reason: String, delay: Duration) {
        self.action = action
        self.endpoint = endpoint
        self.attempt = attempt
        self.reason = reason
        self.delay = delay
    }
}

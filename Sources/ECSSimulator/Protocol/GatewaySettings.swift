import Foundation

/// Protocol-level rules of the simulated gateway.
public struct GatewaySettings: Sendable {
    /// Largest distance between a request's timestamp and now, in seconds; nil disables the check (old vectors).
    public var timestampSkewSeconds: Int?
    /// How many nonces are remembered at most (oldest forgotten first); they are kept for the skew window.
    public var nonceCapacity: Int
    /// The gateway's notion of now.
    public var clock: SimulatorClock

    public init(timestampSkewSeconds: Int? = 900, nonceCapacity: Int = 200_000, clock: SimulatorClock = .system) {
        self.timestampSkewSeconds = timestampSkewSeconds
        self.nonceCapacity = nonceCapacity
        self.clock = clock
    }
}

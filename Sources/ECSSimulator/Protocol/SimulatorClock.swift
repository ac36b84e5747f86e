import Foundation

/// Where the gateway reads "now" for timestamp checks and nonce expiry; injectable so old test vectors verify.
public struct SimulatorClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public var now: Date { read() }

    /// The machine's clock.
    public static let system = SimulatorClock { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> SimulatorClock { SimulatorClock { date } }
}

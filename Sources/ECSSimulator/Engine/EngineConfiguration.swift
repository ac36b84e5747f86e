// SPDX-License-Identifier: Apache-2.0

import Foundation

/// How the engine behaves: the time each state transition takes and where "now" comes from.
public struct EngineConfiguration: Sendable {
    /// Milliseconds per state transition (Pending → Starting, Starting → Running, ...); 0 is immediate.
    public var transitionMilliseconds: Int
    /// The engine's clock; tests inject a manual one to step through transitions deterministically.
    public var clock: EngineClock

    public init(transitionMilliseconds: Int = 2000, clock: EngineClock = .system) {
        self.transitionMilliseconds = max(0, transitionMilliseconds)
        self.clock = clock
    }
}

/// A source of the current time for the engine.
public struct EngineClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The wall clock.
    public static let system = EngineClock { Date() }
}

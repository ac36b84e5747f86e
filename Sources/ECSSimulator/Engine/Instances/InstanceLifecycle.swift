// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An instance's status plus the transitions still to come, resolved lazily against the clock.
///
/// No timers: a call schedules (time, status) steps, and every read picks the last step already due.
struct InstanceLifecycle: Codable, Sendable, Equatable {
    struct Step: Codable, Sendable, Equatable {
        var at: Date
        var status: InstanceStatus
    }

    /// The status before the first pending step.
    private(set) var settledStatus: InstanceStatus
    private(set) var steps: [Step]

    init(status: InstanceStatus) {
        settledStatus = status
        steps = []
    }

    func status(at now: Date) -> InstanceStatus {
        var current = settledStatus
        for step in steps {
            guard step.at <= now else { break }
            current = step.status
        }
        return current
    }

    /// The status the instance will end in once every scheduled step is done.
    var finalStatus: InstanceStatus { steps.last?.status ?? settledStatus }

    /// When the last scheduled step happens, or nil when nothing is pending.
    var settlesAt: Date? { steps.last?.at }

    /// Folds the steps already due into the settled status.
    mutating func settle(at now: Date) {
        while let first = steps.first, first.at <= now {
            settledStatus = first.status
            steps.removeFirst()
        }
    }

    /// Replaces the schedule: `path[0]` now, each later status `interval` seconds after the one before.
    /// Step times are whole milliseconds (rounded down, so the first step is already due), so a snapshot holds
    /// them exactly.
    mutating func begin(_ path: [InstanceStatus], at now: Date, interval: TimeInterval) {
        steps = path.enumerated().map { index, status in
            let milliseconds = ((now.timeIntervalSince1970 + interval * Double(index)) * 1000).rounded(.down)
            return Step(at: Date(timeIntervalSince1970: milliseconds / 1000), status: status)
        }
        settle(at: now)
    }
}

// SPDX-License-Identifier: Apache-2.0

/// Start, stop and reboot: which status each needs and the statuses it walks through (facts §3).
enum InstanceOperation: Sendable {
    case start, stop, reboot

    /// The only status the operation is allowed from.
    var requiredStatus: InstanceStatus {
        self == .start ? .stopped : .running
    }

    /// The statuses entered, the first at once and each next one a transition later.
    var path: [InstanceStatus] {
        switch self {
        case .start: return [.starting, .running]
        case .stop: return [.stopping, .stopped]
        case .reboot: return [.stopping, .starting, .running]
        }
    }
}

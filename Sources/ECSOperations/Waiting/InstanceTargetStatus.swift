/// The state an instance wait ends at: one of the ECS statuses, or gone altogether.
public enum InstanceTargetStatus: String, Sendable, Hashable, CaseIterable {
    case running = "Running"
    case stopped = "Stopped"
    /// The instance no longer appears in DescribeInstanceStatus / DescribeInstances.
    case deleted = "Deleted"

    /// Parses `Running`, `Stopped` or `Deleted` (case-insensitive); `nil` for anything else.
    public init?(parsing text: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else { return nil }
        self = match
    }

    /// Whether an instance whose last known status is `status` (`nil`: not found) has reached this target.
    public func isReached(by status: String?) -> Bool {
        switch self {
        case .deleted: status == nil
        case .running, .stopped: status == rawValue
        }
    }

    /// How far an instance in `status` (`nil`: not found) is along the way to this target, from 0 to 1.
    public func share(of status: String?) -> Double {
        if isReached(by: status) { return 1 }
        switch (self, status) {
        case (.running, "Pending"?): return 1.0 / 3
        case (.running, "Starting"?): return 2.0 / 3
        case (.stopped, "Stopping"?): return 0.5
        default: return 0
        }
    }
}

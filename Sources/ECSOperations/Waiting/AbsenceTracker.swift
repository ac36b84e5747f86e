/// Remembers since when each id has been absent from the polls of a wait, to tell ECS's eventual consistency (a new
/// instance missing for a few seconds) from an id that does not exist.
struct AbsenceTracker: Sendable {
    let grace: Duration
    /// False for Deleted waits, where absence is the goal.
    let applies: Bool
    /// The start of the first poll of each id's current run of absences.
    private(set) var absentSince: [String: ContinuousClock.Instant] = [:]

    init(grace: Duration, applies: Bool) {
        self.grace = grace
        self.applies = applies
    }

    /// Records one poll that started at `polledAt`; returns the ids absent for at least the grace period, in order.
    mutating func record(_ statuses: [InstanceStatusEntry], polledAt: ContinuousClock.Instant) -> [String] {
        guard applies else { return [] }
        var missing: [String] = []
        for entry in statuses {
            guard entry.status == nil else {
                absentSince[entry.instanceId] = nil
                continue
            }
            let since = absentSince[entry.instanceId] ?? polledAt
            absentSince[entry.instanceId] = since
            if polledAt - since >= grace { missing.append(entry.instanceId) }
        }
        return missing
    }

    /// When the first absent id's grace period ends: a poll starting then settles it.
    var earliestGraceEnd: ContinuousClock.Instant? {
        absentSince.values.min().map { $0 + grace }
    }
}

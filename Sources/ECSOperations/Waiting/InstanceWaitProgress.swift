/// Where a wait stands after one poll: each instance's last status and how many reached the target.
public struct InstanceWaitProgress: Sendable, Hashable {
    public var target: InstanceTargetStatus
    /// Instance ids in the order asked, each with its last status (`nil`: not found).
    public var statuses: [InstanceStatusEntry]
    /// Polls done so far.
    public var polls: Int

    public init(target: InstanceTargetStatus, statuses: [InstanceStatusEntry], polls: Int) {
        self.target = target
        self.statuses = statuses
        self.polls = polls
    }

    /// Ids whose last status is the target.
    public var reached: [String] { statuses.filter { target.isReached(by: $0.status) }.map(\.instanceId) }
    /// Entries not at the target yet.
    public var pending: [InstanceStatusEntry] { statuses.filter { !target.isReached(by: $0.status) } }
    public var isComplete: Bool { pending.isEmpty }

    /// How far the instances are along, from 0 to the instance count: each counts 1 at the target and a part on the
    /// way (Pending ⅓, Starting ⅔ towards Running; Stopping ½ towards Stopped), so a progress bar moves with every
    /// state change and not only when an instance arrives.
    public var fractionalProgress: Double {
        let sum = statuses.reduce(0.0) { total, entry in total + target.share(of: entry.status) }
        return (sum * 100).rounded() / 100
    }

    /// "2 of 3 instances Running (i-b Starting)": what a person or a model reads in a progress notification.
    public var message: String {
        let noun = statuses.count == 1 ? "instance" : "instances"
        var text = "\(reached.count) of \(statuses.count) \(noun) \(target.rawValue)"
        let others = pending.prefix(5).map { "\($0.instanceId) \($0.status ?? "not found")" }
        if !others.isEmpty {
            text += " (" + others.joined(separator: ", ") + (pending.count > 5 ? ", …" : "") + ")"
        }
        return text
    }
}

/// One instance's last known status; `nil` when it was not found.
public struct InstanceStatusEntry: Sendable, Hashable {
    public var instanceId: String
    public var status: String?

    public init(instanceId: String, status: String?) {
        self.instanceId = instanceId
        self.status = status
    }
}

import JSON

/// The vSwitch and security group create uses, and whether each was given or picked.
struct NetworkChoice: Sendable {
    var vSwitchId: String?
    var securityGroupId: String?
    var zoneId: String?
    /// What was picked and why, for the result's `chosen` member; empty when the caller gave everything.
    var chosen = JSONObject()
}

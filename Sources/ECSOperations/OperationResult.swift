import ECSClient
import JSON

/// The result of an operation: the ECS body unchanged and the response headers (the seed's `data.value`),
/// plus a passed dry run and the network resources create chose, when those apply.
public struct OperationResult: Sendable, Equatable {
    public var body: JSONValue
    public var headers: [String: String]
    public var dryRun: DryRunOutcome?
    /// For create: which vSwitch / security group / zone was picked, and how.
    public var chosen: JSONObject?

    public init(body: JSONValue, headers: [String: String], dryRun: DryRunOutcome? = nil, chosen: JSONObject? = nil) {
        self.body = body
        self.headers = headers
        self.dryRun = dryRun
        self.chosen = chosen
    }

    init(_ response: ECSResponse) { self.init(body: response.body, headers: response.headers) }

    /// `{"body": …, "headers": {…}}` with `dryRun` and `chosen` when present; header names sorted.
    public var json: JSONValue {
        var object: JSONObject = [
            "body": body,
            "headers": .object(JSONObject(headers.keys.sorted().map { ($0, JSONValue.string(headers[$0] ?? "")) })),
        ]
        if let dryRun { object["dryRun"] = dryRun.json }
        if let chosen { object["chosen"] = .object(chosen) }
        return .object(object)
    }
}

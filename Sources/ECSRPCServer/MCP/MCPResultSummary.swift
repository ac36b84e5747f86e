import JSON

/// One line saying what a result holds, e.g. "Created 2 instances: i-a, i-b." — the first thing a model reads.
enum MCPResultSummary {
    static func line(method: String, result: JSONValue) -> String {
        var line = body(method: method, result: result)
        if let wait = result["wait"], let reached = wait["reached"]?.arrayValue, let total = wait["instances"]?.arrayValue {
            let status = wait["status"]?.stringValue ?? "the target state"
            let seconds = wait["elapsedSeconds"].map { " after \($0.serialized()) s" } ?? ""
            line += " Then \(reached.count) of \(total.count) reached \(status)\(seconds)."
        }
        if let requestId = result["body"]?["RequestId"]?.stringValue { line += " (RequestId \(requestId))" }
        return line
    }

    private static func body(method: String, result: JSONValue) -> String {
        if let dryRun = result["dryRun"], dryRun["passed"]?.boolValue == true {
            return "Dry run passed: \(dryRun["message"]?.stringValue ?? "the request would succeed"). Nothing was changed."
        }
        let body = result["body"] ?? .null
        switch method {
        case "regions.list":
            let ids = items(body, "Regions", "Region").compactMap { $0["RegionId"]?.stringValue }
            return "\(count(ids.count, "region")): \(list(ids))."
        case "images.list":
            let ids = items(body, "Images", "Image").compactMap { $0["ImageId"]?.stringValue }
            return "\(count(ids.count, "image"))\(total(body)): \(list(ids, limit: 5))."
        case "instanceTypes.list":
            let ids = items(body, "InstanceTypes", "InstanceType").compactMap { $0["InstanceTypeId"]?.stringValue }
            return "\(count(ids.count, "instance type")): \(list(ids, limit: 8))."
        case "instances.list":
            let described = items(body, "Instances", "Instance").map { instance in
                let id = instance["InstanceId"]?.stringValue ?? "?"
                let name = instance["InstanceName"]?.stringValue.map { "\($0), " } ?? ""
                return "\(id) (\(name)\(instance["Status"]?.stringValue ?? "?"))"
            }
            return "\(count(described.count, "instance"))\(total(body)): \(list(described, limit: 10))."
        case "instances.create":
            let ids = body["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return "Created \(ids.count) instance\(ids.count == 1 ? "" : "s"): \(list(ids, limit: 20))."
        case "instances.start", "instances.stop", "instances.reboot", "instances.terminate":
            let verb = ["instances.start": "Start", "instances.stop": "Stop", "instances.reboot": "Reboot",
                        "instances.terminate": "Release"][method] ?? "Action"
            let responses = items(body, "InstanceResponses", "InstanceResponse").map { response in
                let id = response["InstanceId"]?.stringValue ?? "?"
                if let previous = response["PreviousStatus"]?.stringValue, let current = response["CurrentStatus"]?.stringValue {
                    return "\(id) \(previous) → \(current)"
                }
                return id
            }
            return responses.isEmpty ? "\(verb) requested." : "\(verb) requested: \(list(responses, limit: 10))."
        case "instances.wait":
            let reached = result["reached"]?.arrayValue?.count ?? 0
            let count = result["instances"]?.arrayValue?.count ?? 0
            let seconds = result["elapsedSeconds"].map { " after \($0.serialized()) s" } ?? ""
            return "\(reached) of \(count) instance\(count == 1 ? "" : "s") \(result["status"]?.stringValue ?? "")\(seconds)."
        case "credentials.list":
            let names = (result["profiles"]?.arrayValue ?? []).compactMap { profile in
                profile["name"]?.stringValue.map { profile["isDefault"]?.boolValue == true ? "\($0) (default)" : $0 }
            }
            if names.isEmpty { return "No stored credential profiles; calls use the environment or the simulator's demo pair." }
            return "\(names.count) credential profile\(names.count == 1 ? "" : "s"): \(list(names))."
        default:
            return "\(MCPToolProfile.toolName(for: method)) succeeded."
        }
    }

    /// "1 instance", "2 instances".
    private static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    private static func items(_ body: JSONValue, _ container: String, _ item: String) -> [JSONValue] {
        body[container]?[item]?.arrayValue ?? []
    }

    private static func total(_ body: JSONValue) -> String {
        body["TotalCount"].map { " (of \($0.serialized()))" } ?? ""
    }

    private static func list(_ values: [String], limit: Int = 30) -> String {
        guard !values.isEmpty else { return "none" }
        let shown = values.prefix(limit).joined(separator: ", ")
        return values.count > limit ? shown + ", … (\(values.count - limit) more)" : shown
    }
}

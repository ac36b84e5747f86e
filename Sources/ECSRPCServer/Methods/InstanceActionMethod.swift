import ECSOperations
import JSON
import JSONRPC

/// `instances.start`, `instances.stop`, `instances.reboot`, `instances.terminate` → the batch actions.
enum InstanceActionMethod {
    static func name(_ action: InstanceAction) -> String { "instances.\(action.rawValue)" }

    static func allowed(_ action: InstanceAction) -> Set<String> {
        var names = ECSParameterDecoding.commonNames.union(["instanceIds", "dry_run", "dryRun"])
        if action == .stop || action == .terminate { names.insert("force") }
        if action == .stop { names.insert("stoppedMode") }
        return names
    }

    static func handle(_ action: InstanceAction, _ parameters: Parameters, _ operations: ECSOperations) async throws -> JSONValue {
        try parameters.rejectUnknown(allowed: allowed(action))
        guard let ids = try ECSParameterDecoding.instanceIds(parameters) else {
            throw RPCError.invalidParams(parameter: "instanceIds", problem: "is required")
        }
        let request = InstanceActionRequest(
            action: action, options: try ECSParameterDecoding.callOptions(parameters), instanceIds: ids,
            force: try ECSParameterDecoding.flexibleBool(parameters, "force"), stoppedMode: try parameters.string("stoppedMode"),
            dryRun: try ECSParameterDecoding.dryRun(parameters))
        return try await operations.perform(request).json
    }
}

import ECSOperations
import JSON
import JSONRPC

/// The JSON-RPC errors of waiting (-32007), used by ``RPCErrorMapping``.
enum InstancesWaitErrors {
    /// `data`: the target `status`, `reached` ids, `notReached` with each last status, `elapsedSeconds`.
    static func rpcError(_ timedOut: InstanceWaitTimedOut) -> RPCError {
        RPCError(.waitTimedOut, message: timedOut.description, data: .object(data(timedOut)))
    }

    /// As above, saying that the action itself was done and what it answered.
    static func rpcError(_ error: ActionWaitTimedOut) -> RPCError {
        var data = data(error.timedOut)
        data["actionDone"] = true
        data["method"] = .string(error.method)
        data["actionResult"] = error.actionResult
        return RPCError(
            .waitTimedOut, message: "\(error.method) was done, but waiting for it: \(error.timedOut.description)",
            data: .object(data))
    }

    private static func data(_ timedOut: InstanceWaitTimedOut) -> JSONObject {
        ["status": .string(timedOut.progress.target.rawValue),
         "reached": .array(timedOut.progress.reached.map(JSONValue.string)),
         "notReached": InstanceWaitOutcome.instancesJSON(timedOut.progress.pending),
         "polls": .number(JSONNumber(timedOut.progress.polls)),
         "elapsedSeconds": .number(JSONNumber(InstanceWaitOutcome.seconds(timedOut.elapsed)))]
    }
}

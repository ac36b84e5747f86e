import ECSOperations
import JSON
import JSONRPC

/// The JSON-RPC errors of waiting (-32007 timed out, -32008 instances not found), used by ``RPCErrorMapping``.
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

    /// `data`: the target `status`, the `missing` ids, `notFoundGraceSeconds`, `reached`, `notReached`, `polls`,
    /// `elapsedSeconds`.
    static func rpcError(_ notFound: InstanceWaitNotFound) -> RPCError {
        RPCError(.instanceNotFound, message: notFound.description, data: .object(data(notFound)))
    }

    /// As above, saying that the action itself was done and what it answered.
    static func rpcError(_ error: ActionWaitNotFound) -> RPCError {
        var data = data(error.notFound)
        data["actionDone"] = true
        data["method"] = .string(error.method)
        data["actionResult"] = error.actionResult
        return RPCError(
            .instanceNotFound, message: "\(error.method) was done, but waiting for it: \(error.notFound.description)",
            data: .object(data))
    }

    private static func data(_ notFound: InstanceWaitNotFound) -> JSONObject {
        ["status": .string(notFound.progress.target.rawValue),
         "missing": .array(notFound.missing.map(JSONValue.string)),
         "notFoundGraceSeconds": .number(JSONNumber(InstanceWaitOutcome.seconds(notFound.grace))),
         "reached": .array(notFound.progress.reached.map(JSONValue.string)),
         "notReached": InstanceWaitOutcome.instancesJSON(notFound.progress.pending),
         "polls": .number(JSONNumber(notFound.progress.polls)),
         "elapsedSeconds": .number(JSONNumber(InstanceWaitOutcome.seconds(notFound.elapsed)))]
    }

    private static func data(_ timedOut: InstanceWaitTimedOut) -> JSONObject {
        ["status": .string(timedOut.progress.target.rawValue),
         "reached": .array(timedOut.progress.reached.map(JSONValue.string)),
         "notReached": InstanceWaitOutcome.instancesJSON(timedOut.progress.pending),
         "polls": .number(JSONNumber(timedOut.progress.polls)),
         "elapsedSeconds": .number(JSONNumber(InstanceWaitOutcome.seconds(timedOut.elapsed)))]
    }
}

import ECSOperations
import JSON
import JSONRPC

/// `instances.wait`, and the `wait` param of create, start, stop, reboot and terminate: poll until the instances
/// reach a state, with progress notifications when the caller sent a progress token.
enum InstancesWaitMethod {
    /// The state each action's `wait` waits for.
    static let actionTargets: [String: InstanceTargetStatus] = [
        "instances.create": .running, "instances.start": .running, "instances.stop": .stopped,
        "instances.reboot": .running, "instances.terminate": .deleted,
    ]

    /// Registers `instances.wait` and wraps the registered action methods so they accept `wait`.
    static func register(in registry: MethodRegistry, source: InstancesWaitStatusSource) {
        registry.register("instances.wait") { parameters, context in
            try await wait(parameters, context, source: source)
        }
        for (method, target) in actionTargets {
            guard let action = registry.handler(for: method) else { continue }
            registry.register(method) { parameters, context in
                try await runAction(action, method: method, target: target, parameters, context, source: source)
            }
        }
    }

    static func wait(_ parameters: Parameters, _ context: MethodContext, source: InstancesWaitStatusSource) async throws
        -> JSONValue
    {
        try parameters.rejectUnknown(
            allowed: InstancesWaitOptions.callKeys.union(["instanceIds", "status"]).union(InstancesWaitOptions.policyKeys))
        let ids = try parameters.stringArray("instanceIds") ?? []
        guard !ids.isEmpty else {
            throw RPCError.invalidParams(parameter: "instanceIds", problem: parameters.contains("instanceIds") ? "must not be empty" : "is required")
        }
        guard ids.count <= 1000 else { throw RPCError.invalidParams(parameter: "instanceIds", problem: "must list at most 1000 ids") }
        let statusText = try parameters.requiredString("status")
        guard let target = InstanceTargetStatus(parsing: statusText) else {
            throw RPCError.invalidParams(parameter: "status", problem: "must be Running, Stopped or Deleted")
        }
        let options = try InstancesWaitOptions(parameters.object)
        let outcome = try await poll(
            ids, target: target, options: options, callParameters: callParameters(parameters), context, source: source,
            progress: ProgressReporter(context: context, parameters: parameters))
        return outcome.json
    }

    /// Runs an action; with `wait` it then polls its instances and adds `"wait": {…}` to the result.
    static func runAction(
        _ action: @escaping MethodHandler, method: String, target: InstanceTargetStatus, _ parameters: Parameters,
        _ context: MethodContext, source: InstancesWaitStatusSource
    ) async throws -> JSONValue {
        let options = try InstancesWaitOptions.fromActionParameter(parameters)
        var forwarded = parameters.object
        forwarded.removeValue(forKey: "wait")
        let result = try await action(Parameters(forwarded), context)
        let isDryRun = result["dryRun"] != nil || (try? parameters.bool("dryRun", aliases: ["dry_run"])) == true
        guard let options, !isDryRun else { return result }
        let ids: [String]
        if method == "instances.create" {
            ids = result["body"]?["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
        } else {
            ids = (try? parameters.stringArray("instanceIds")).flatMap { $0 } ?? []
        }
        guard !ids.isEmpty else { return result }
        let progress = ProgressReporter(context: context, parameters: parameters)
        do {
            let outcome = try await poll(
                ids, target: target, options: options, callParameters: callParameters(parameters), context,
                source: source, progress: progress)
            guard case .object(var object) = result else { return ["result": result, "wait": outcome.json] }
            object["wait"] = outcome.json
            return .object(object)
        } catch let timedOut as InstanceWaitTimedOut {
            throw ActionWaitTimedOut(method: method, timedOut: timedOut, actionResult: result)
        } catch let notFound as InstanceWaitNotFound {
            throw ActionWaitNotFound(method: method, notFound: notFound, actionResult: result)
        } catch is CancellationError {
            throw RPCError(
                .requestCancelled, message: "Cancelled while waiting; \(method) itself was done",
                data: ["actionDone": true, "method": .string(method), "actionResult": result])
        }
    }

    static func poll(
        _ ids: [String], target: InstanceTargetStatus, options: InstancesWaitOptions, callParameters: JSONObject,
        _ context: MethodContext, source: InstancesWaitStatusSource, progress: ProgressReporter
    ) async throws -> InstanceWaitOutcome {
        let waiter = InstanceWaiter(policy: options.policy, read: source.makeReader(callParameters, context))
        context.logger.debug("wait.start", ["status": .string(target.rawValue), "instances": .number(JSONNumber(ids.count))])
        return try await waiter.wait(for: ids, target: target) { snapshot in
            await progress.report(
                progress: snapshot.fractionalProgress, total: Double(snapshot.statuses.count), message: snapshot.message)
        }
    }

    /// The params that say where and as whom to read statuses.
    static func callParameters(_ parameters: Parameters) -> JSONObject {
        JSONObject(parameters.object.filter { InstancesWaitOptions.callKeys.contains($0.key) }.map { ($0.key, $0.value) })
    }
}

/// An action succeeded but its `wait` ran out of time.
struct ActionWaitTimedOut: Error, Sendable {
    var method: String
    var timedOut: InstanceWaitTimedOut
    /// What the action itself answered.
    var actionResult: JSONValue
}

/// An action succeeded but instances it named stayed absent past the grace period of its `wait`.
struct ActionWaitNotFound: Error, Sendable {
    var method: String
    var notFound: InstanceWaitNotFound
    /// What the action itself answered.
    var actionResult: JSONValue
}

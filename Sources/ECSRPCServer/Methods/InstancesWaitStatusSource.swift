import ECSOperations
import JSON
import JSONRPC

/// Where a wait reads instance statuses from, given the call's own params (region, endpoint, credentials).
///
/// Normally the core (``ECSOperations/instanceStatuses(_:options:)``: DescribeInstanceStatus); without one (tests
/// with stand-in methods), the registered `instances.list` method. Either way an instance that no longer appears is
/// "not found", which is what `Deleted` waits for.
struct InstancesWaitStatusSource: Sendable {
    let makeReader: @Sendable (_ callParameters: JSONObject, _ context: MethodContext) -> InstanceWaiter.StatusReader

    /// DescribeInstanceStatus through the core operations, signed and retried like every other call.
    static func core(_ operations: ECSOperations) -> InstancesWaitStatusSource {
        InstancesWaitStatusSource { callParameters, _ in
            { ids in
                let options = try ECSParameterDecoding.callOptions(Parameters(callParameters))
                return try await operations.instanceStatuses(ids, options: options)
            }
        }
    }

    static func throughListMethod(_ registry: MethodRegistry) -> InstancesWaitStatusSource {
        InstancesWaitStatusSource { callParameters, context in
            { ids in
                guard let list = registry.handler(for: "instances.list") else {
                    throw RPCError(.methodNotFound, message: "instances.wait needs instances.list, which is not available")
                }
                var parameters = callParameters
                parameters["instanceIds"] = .array(ids.map(JSONValue.string))
                parameters["pageSize"] = 100
                let result = try await list(Parameters(parameters), context)
                var statuses: [String: String] = [:]
                for instance in result["body"]?["Instances"]?["Instance"]?.arrayValue ?? [] {
                    if let id = instance["InstanceId"]?.stringValue, let status = instance["Status"]?.stringValue {
                        statuses[id] = status
                    }
                }
                return statuses
            }
        }
    }
}

import ECSOperations
import JSON
import JSONRPC

/// What a wait was asked for: by `instances.wait` (`status`, `timeoutSeconds`, `intervalSeconds`,
/// `notFoundGraceSeconds`) or by the `wait` param of an action (`true`, or an object of those seconds).
struct InstancesWaitOptions: Sendable {
    var policy: WaitPolicy

    /// Params that say where and as whom to look (passed on to the status reads unchanged).
    static let callKeys: Set<String> = [
        "regionId", "region_id", "endpoint", "accessKeyId", "accessKeySecret", "securityToken", "profile",
    ]

    /// The params that shape the polling, in `instances.wait` and in an action's `wait` object.
    static let policyKeys: Set<String> = ["timeoutSeconds", "intervalSeconds", "notFoundGraceSeconds"]

    /// Reads `timeoutSeconds`, `intervalSeconds` and `notFoundGraceSeconds` from `object`, refusing values out of
    /// range (-32602).
    init(_ object: JSONObject, prefix: String = "") throws(RPCError) {
        let parameters = Parameters(object)
        let timeout = try Self.seconds(parameters, "timeoutSeconds", prefix: prefix, range: WaitPolicy.timeoutRange)
        let interval = try Self.seconds(parameters, "intervalSeconds", prefix: prefix, range: WaitPolicy.intervalRange)
        let grace = try Self.seconds(
            parameters, "notFoundGraceSeconds", prefix: prefix, range: WaitPolicy.notFoundGraceRange)
        policy = WaitPolicy(
            timeout: timeout ?? WaitPolicy.defaultTimeout, interval: interval ?? WaitPolicy.defaultInterval,
            notFoundGrace: grace ?? WaitPolicy.defaultNotFoundGrace)
    }

    /// The `wait` param of an action: `nil` when absent or `false`.
    static func fromActionParameter(_ parameters: Parameters) throws(RPCError) -> InstancesWaitOptions? {
        switch parameters.value("wait") {
        case nil, .bool(false)?: return nil
        case .bool(true)?: return try InstancesWaitOptions(JSONObject())
        case .object(let object)?:
            for key in object.keys where !policyKeys.contains(key) {
                throw RPCError.invalidParams(parameter: "wait.\(key)", problem: "is not a known parameter")
            }
            return try InstancesWaitOptions(object, prefix: "wait.")
        default:
            throw RPCError.invalidParams(
                parameter: "wait",
                problem: "must be a boolean or an object {timeoutSeconds, intervalSeconds, notFoundGraceSeconds}")
        }
    }

    private static func seconds(
        _ parameters: Parameters, _ name: String, prefix: String, range: ClosedRange<Double>
    ) throws(RPCError) -> Duration? {
        guard let value = parameters.value(name) else { return nil }
        guard let number = value.doubleValue, range.contains(number) else {
            throw RPCError.invalidParams(
                parameter: prefix + name,
                problem: "must be a number of seconds from \(range.lowerBound.formatted) to \(range.upperBound.formatted)")
        }
        return .milliseconds(Int((number * 1000).rounded()))
    }
}

extension Double {
    /// `0.1`, `3600` — no trailing `.0`.
    fileprivate var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}

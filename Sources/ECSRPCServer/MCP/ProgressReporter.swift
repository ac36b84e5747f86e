import JSON
import JSONRPC
import Synchronization

/// Sends `notifications/progress` for a request that asked for it (MCP `_meta.progressToken`, or `progressToken`
/// among plain JSON-RPC params). Progress only ever increases, as the MCP specification requires.
public final class ProgressReporter: Sendable {
    let context: MethodContext
    let token: JSONValue?
    private let last = Mutex<Double?>(nil)

    public init(context: MethodContext, parameters: Parameters) {
        self.context = context
        self.token = Self.token(in: parameters)
    }

    /// Whether the caller asked for progress.
    public var isRequested: Bool { token != nil }

    /// The progress token of a request: `_meta.progressToken`, else `progressToken`; a string or an integer.
    public static func token(in parameters: Parameters) -> JSONValue? {
        let candidates = [parameters.object["_meta"]?["progressToken"], parameters.object["progressToken"]]
        for case let candidate? in candidates {
            switch candidate {
            case .string, .number: return candidate
            default: continue
            }
        }
        return nil
    }

    /// Sends one notification unless `progress` is not above the last one sent.
    public func report(progress: Double, total: Double?, message: String) async {
        guard let token else { return }
        let isNew = last.withLock { last -> Bool in
            if let previous = last, progress <= previous { return false }
            last = progress
            return true
        }
        guard isNew else { return }
        var params: JSONObject = ["progressToken": token, "progress": Self.number(progress)]
        if let total { params["total"] = Self.number(total) }
        params["message"] = .string(message)
        await context.notify(method: MCPProtocol.Method.progress, params: .object(params))
    }

    /// Whole numbers as integers (`2`, not `2.0`).
    static func number(_ value: Double) -> JSONValue {
        if value == value.rounded(), abs(value) < 1e15 { return .number(JSONNumber(Int(value))) }
        return .number(JSONNumber(value))
    }
}

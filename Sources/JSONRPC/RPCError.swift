import JSON

/// A JSON-RPC error object: what a client receives when a request fails.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public init(_ code: RPCErrorCode, message: String? = nil, data: JSONValue? = nil) {
        self.init(code: code.rawValue, message: message ?? code.standardMessage, data: data)
    }

    // MARK: - Standard codes

    public static let parseErrorCode = RPCErrorCode.parseError.rawValue
    public static let invalidRequestCode = RPCErrorCode.invalidRequest.rawValue
    public static let methodNotFoundCode = RPCErrorCode.methodNotFound.rawValue
    public static let invalidParamsCode = RPCErrorCode.invalidParams.rawValue
    public static let internalErrorCode = RPCErrorCode.internalError.rawValue

    /// -32700: the line was not JSON or not UTF-8; `reason` says where.
    public static func parseError(_ reason: String? = nil) -> RPCError {
        RPCError(.parseError, data: reason.map { ["reason": .string($0)] })
    }

    /// -32600: the message is JSON but not a valid request; `reason` says what is wrong.
    public static func invalidRequest(_ reason: String? = nil) -> RPCError {
        RPCError(.invalidRequest, data: reason.map { ["reason": .string($0)] })
    }

    /// -32601: no method of that name.
    public static func methodNotFound(_ name: String) -> RPCError {
        RPCError(.methodNotFound, message: "Method not found: \(name)", data: ["method": .string(name)])
    }

    /// -32602: `data` is `{"parameter": name, "problem": problem}`.
    public static func invalidParams(parameter: String, problem: String) -> RPCError {
        RPCError(
            .invalidParams, message: "Invalid params: \(parameter) \(problem)",
            data: ["parameter": .string(parameter), "problem": .string(problem)])
    }

    /// -32603: something failed inside the server; `detail` must not carry secrets.
    public static func internalError(_ detail: String? = nil) -> RPCError {
        RPCError(.internalError, data: detail.map { ["detail": .string($0)] })
    }

    /// -32005: the request was cancelled before it finished.
    public static let cancelled = RPCError(.requestCancelled)

    /// -32010: a line longer than the limit was skipped.
    public static func messageTooLarge(byteCount: Int, limit: Int) -> RPCError {
        RPCError(
            .messageTooLarge,
            message: "Message too large: \(byteCount) bytes exceeds the limit of \(limit) bytes",
            data: ["bytes": .number(JSONNumber(byteCount)), "limit": .number(JSONNumber(limit))])
    }

    /// The error object as it goes on the wire.
    public var json: JSONValue {
        var object: JSONObject = ["code": .number(JSONNumber(code)), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }

    public var description: String { "\(code) \(message)" }
}

import JSON

/// A dry run that passed: the service's `DryRunOperation` / `DRYRUN.SUCCESS` answer, reported as a result.
public struct DryRunOutcome: Sendable, Equatable {
    public var code: String
    public var message: String
    public var requestId: String?

    public init(code: String, message: String, requestId: String?) {
        self.code = code
        self.message = message
        self.requestId = requestId
    }

    /// `{"passed": true, "code": …, "message": …, "requestId": …}`.
    public var json: JSONValue {
        var object: JSONObject = ["passed": true, "code": .string(code), "message": .string(message)]
        object["requestId"] = requestId.map(JSONValue.string) ?? .null
        return .object(object)
    }
}

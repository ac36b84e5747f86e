import JSON

/// An error answer from the ECS service (HTTP 4xx/5xx with a `Code`), kept with everything the caller may need.
public struct ECSServiceError: Sendable, Equatable, CustomStringConvertible {
    /// The ECS `Code`, e.g. `InvalidInstanceId.NotFound`.
    public var code: String
    public var message: String
    public var httpStatus: Int
    public var requestId: String?
    public var hostId: String?
    /// The service's troubleshooting link, when it sends one.
    public var recommend: String?
    /// The ECS action that failed, e.g. `StopInstances`.
    public var action: String
    /// Whether the failure is transient (throttling, 5xx); says nothing about whether this call was retried.
    public var retryable: Bool
    /// The whole error body, unchanged.
    public var body: JSONValue
    /// Response headers, names lower-cased.
    public var headers: [String: String]

    public init(
        code: String, message: String, httpStatus: Int, requestId: String?, hostId: String? = nil,
        recommend: String? = nil, action: String, body: JSONValue = .null, headers: [String: String] = [:]
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.hostId = hostId
        self.recommend = recommend
        self.action = action
        self.retryable = Self.isTransient(code: code, httpStatus: httpStatus)
        self.body = body
        self.headers = headers
    }

    /// Throttling is refused before the action runs, so it is safe to retry even for non-idempotent actions.
    public var isThrottling: Bool { code.hasPrefix("Throttling") || httpStatus == 429 }

    /// Dry-run answers that mean "validation passed" (`DryRunOperation`, `DRYRUN.SUCCESS`).
    public var isDryRunSuccess: Bool { code == "DryRunOperation" || code == "DRYRUN.SUCCESS" }

    /// Transient failures: throttling, service unavailability and server faults — never signature or parameter errors.
    public static func isTransient(code: String, httpStatus: Int) -> Bool {
        if code.hasPrefix("Throttling") || httpStatus == 429 { return true }
        let permanentPrefixes = ["Invalid", "Missing", "Signature", "IncompleteSignature", "Forbidden", "Idempotent", "DryRun", "DRYRUN"]
        if permanentPrefixes.contains(where: { code.hasPrefix($0) }) { return false }
        if code.hasPrefix("ServiceUnavailable") || code == "InternalError" || code == "UnknownError"
            || code == "LimitedOperation.ServiceUnavailable"
        {
            return true
        }
        return httpStatus >= 500
    }

    public var description: String {
        "\(action) failed with \(code) (HTTP \(httpStatus)): \(message)" + (requestId.map { " [RequestId \($0)]" } ?? "")
    }
}

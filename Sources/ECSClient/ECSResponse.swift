import JSON

/// A successful ECS answer: the body exactly as the service sent it, and its headers with lower-cased names.
public struct ECSResponse: Sendable, Equatable {
    public var httpStatus: Int
    public var headers: [String: String]
    /// The body, unchanged: numbers keep their literal text, key order is kept.
    public var body: JSONValue
    /// The endpoint that answered.
    public var endpoint: ECSEndpoint
    /// How many attempts the call took (1 when no retry was needed).
    public var attempts: Int

    public init(httpStatus: Int, headers: [String: String], body: JSONValue, endpoint: ECSEndpoint, attempts: Int) {
        self.httpStatus = httpStatus
        self.headers = headers
        self.body = body
        self.endpoint = endpoint
        self.attempts = attempts
    }

    /// The body's `RequestId`, or the `x-acs-request-id` header.
    public var requestId: String? { body["RequestId"]?.stringValue ?? headers["x-acs-request-id"] }

    /// The headers as a JSON object with names sorted, the seed's `headers` member.
    public var headersJSON: JSONValue {
        .object(JSONObject(headers.keys.sorted().map { ($0, JSONValue.string(headers[$0] ?? "")) }))
    }
}

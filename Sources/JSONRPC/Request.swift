import JSON

/// A request or notification as read off the wire (a notification has no `id` member).
public struct Request: Sendable, Hashable {
    public var method: String
    /// The raw `params` member: an object, an array, or absent.
    public var params: JSONValue?
    /// The id; `nil` for a notification (a request may also carry the id `null`).
    public var id: RequestID?

    public init(method: String, params: JSONValue? = nil, id: RequestID?) {
        self.method = method
        self.params = params
        self.id = id
    }

    /// Whether the sender expects no answer.
    public var isNotification: Bool { id == nil }
}

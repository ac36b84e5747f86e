import JSON

/// What a connection offers the handlers running on it.
public protocol ConnectionControl: Sendable {
    /// Sends a notification to this connection's client.
    func notify(method: String, params: JSONValue)
    /// Cancels the in-flight request(s) with this id; `false` when none is running.
    func cancel(requestID: RequestID) -> Bool
}

/// Everything a method handler knows about the call besides its params.
public struct MethodContext: Sendable {
    /// The request id; `nil` when the call is a notification.
    public let requestID: RequestID?
    /// The method name as called.
    public let method: String
    /// Who called.
    public let connection: ConnectionInfo
    /// A logger tagged with the connection, method and id.
    public var logger: Logger {
        var fields: JSONObject = ["connection": .number(JSONNumber(connection.id)), "method": .string(method)]
        if let requestID { fields["id"] = requestID.json }
        return baseLogger.with(fields)
    }
    let baseLogger: Logger
    let control: (any ConnectionControl)?

    public init(
        requestID: RequestID?, method: String, connection: ConnectionInfo, logger: Logger,
        control: (any ConnectionControl)? = nil
    ) {
        self.requestID = requestID
        self.method = method
        self.connection = connection
        self.baseLogger = logger
        self.control = control
    }

    /// Sends a notification (e.g. progress) to the same client; a no-op without a connection.
    public func notify(method: String, params: JSONValue) async {
        control?.notify(method: method, params: params)
    }

    /// Cancels another in-flight request of the same connection (for `$/cancelRequest`).
    @discardableResult
    public func cancelRequest(_ id: RequestID) -> Bool {
        control?.cancel(requestID: id) ?? false
    }
}

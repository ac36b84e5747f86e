import JSON

/// Something that speaks line-delimited JSON-RPC to a server: a spawned process or a socket connection.
public protocol LineClient: Sendable {
    /// Lines the server sent.
    var inbox: LineInbox { get }
    /// Writes raw bytes to the server.
    func writeBytes(_ bytes: [UInt8]) throws
}

/// How long helpers wait for an answer by default: generous, for a loaded 2-core machine.
public let defaultAnswerTimeout: Duration = .seconds(30)

extension LineClient {
    /// Writes `text` as is (add `\n` yourself).
    public func write(_ text: String) throws { try writeBytes(Array(text.utf8)) }

    /// Writes one message as a line.
    public func send(_ message: JSONValue) throws {
        var bytes = message.serializedBytes()
        bytes.append(0x0A)
        try writeBytes(bytes)
    }

    /// Sends a request object (`params` omitted when `nil`).
    public func sendRequest(_ method: String, params: JSONValue? = nil, id: JSONValue) throws {
        var object: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { object["params"] = params }
        object["id"] = id
        try send(.object(object))
    }

    /// Sends a notification (no id).
    public func sendNotification(_ method: String, params: JSONValue? = nil) throws {
        var object: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { object["params"] = params }
        try send(.object(object))
    }

    /// The next line as text.
    public func nextLine(timeout: Duration = defaultAnswerTimeout) async throws -> String {
        String(decoding: try await inbox.next(timeout: timeout, what: "a line from the server"), as: UTF8.self)
    }

    /// The next line parsed as JSON.
    public func nextMessage(timeout: Duration = defaultAnswerTimeout) async throws -> JSONValue {
        let line = try await inbox.next(timeout: timeout, what: "a message from the server")
        do {
            return try JSONValue.parse(line)
        } catch {
            throw TestSupportError.unexpected("server sent a line that is not JSON: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
    }

    /// Sends a request and returns the response with its id, skipping server notifications in between.
    public func call(
        _ method: String, params: JSONValue? = nil, id: JSONValue = 1, timeout: Duration = defaultAnswerTimeout
    ) async throws -> JSONValue {
        try sendRequest(method, params: params, id: id)
        while true {
            let message = try await nextMessage(timeout: timeout)
            if message["id"] == id && message["method"] == nil { return message }
            if message["method"] == nil {
                throw TestSupportError.unexpected("expected the answer to id \(id.serialized()), got \(message.serialized())")
            }
        }
    }
}

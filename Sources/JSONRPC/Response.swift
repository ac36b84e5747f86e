import JSON

/// Builds the response objects written back to clients.
public enum Response {
    /// `{"jsonrpc":"2.0","id":…,"result":…}`
    public static func success(id: RequestID, result: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id.json, "result": result])
    }

    /// `{"jsonrpc":"2.0","id":…,"error":{…}}`
    public static func failure(id: RequestID, error: RPCError) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id.json, "error": error.json])
    }

    /// `{"jsonrpc":"2.0","method":…,"params":…}`: a notification from the server to the client.
    public static func notification(method: String, params: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }
}

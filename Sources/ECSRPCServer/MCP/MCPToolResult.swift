import JSON

/// Builds `tools/call` results: `structuredContent` plus a text rendering a model reads first, and errors as
/// `isError: true` results that say what failed (ECS code, message, request id) and what to do next.
public enum MCPToolResult {
    /// A successful call: a one-line summary, then the JSON itself (for clients that only read text).
    public static func success(tool: MCPTool, result: JSONValue) -> JSONValue {
        let structured = tool.structuredContent(for: result)
        let summary = MCPResultSummary.line(method: tool.method, result: result)
        let text = summary + "\n" + structured.serialized()
        return ["content": [["type": "text", "text": .string(text)]], "structuredContent": structured, "isError": false]
    }

    /// A failed call, from the JSON-RPC error the method would have answered.
    public static func failure(method: String, code: Int, message: String, data: JSONValue?) -> JSONValue {
        var error: JSONObject = ["code": .number(JSONNumber(code)), "message": .string(message)]
        if let data { error["data"] = data }
        let text = explanation(method: method, code: code, message: message, data: data)
        return ["content": [["type": "text", "text": .string(text)]], "structuredContent": ["error": .object(error)], "isError": true]
    }

    /// "ECS error X (HTTP n) from Action: message. Request id: R. What to do: …".
    static func explanation(method: String, code: Int, message: String, data: JSONValue?) -> String {
        let tool = MCPToolProfile.toolName(for: method)
        if let ecsCode = data?["code"]?.stringValue, code == ECSErrorAdvice.serviceErrorCode {
            var text = "ECS error \(ecsCode)"
            if let status = data?["httpStatus"]?.intValue { text += " (HTTP \(status))" }
            if let action = data?["action"]?.stringValue { text += " from \(action)" }
            let ecsMessage = data?["message"]?.stringValue ?? message
            text += ": \(ecsMessage)"
            if let requestId = data?["requestId"]?.stringValue { text += "\nRequest id: \(requestId)" }
            text += "\nWhat to do: " + ECSErrorAdvice.advice(ecsCode: ecsCode, retryable: data?["retryable"]?.boolValue ?? false, tool: tool)
            if let recommend = data?["recommend"]?.stringValue, !recommend.isEmpty { text += "\nDiagnosis: \(recommend)" }
            return text
        }
        var text = "\(tool) failed: \(message)"
        if let detail = data?["reason"]?.stringValue { text += " (\(detail))" }
        text += "\nWhat to do: " + ECSErrorAdvice.advice(rpcCode: code, data: data, tool: tool)
        return text
    }
}

/// An HTTP response to write in one `send`; the server adds Content-Length, Connection and Date.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response, used for protocol-level errors such as 400 and 413.
    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "text/plain;charset=utf-8")],
            body: Array((text + "\n").utf8))
    }

    /// The standard reason phrase for the status.
    public var reasonPhrase: String { Self.reasonPhrase(for: status) }

    static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }

    /// The wire bytes: status line, headers (plus the server's), blank line, body.
    func serialized(keepAlive: Bool, date: String) -> [UInt8] {
        var bytes = head(keepAlive: keepAlive, date: date)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// Status line, headers (plus the server's) and the blank line: sent before the body, which is not copied.
    func head(keepAlive: Bool, date: String) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reasonPhrase)\r\n"
        var hasDate = false
        for header in headers {
            let lower = header.name.lowercased()
            if lower == "content-length" || lower == "connection" { continue }
            if lower == "date" { hasDate = true }
            head += "\(header.name): \(header.value)\r\n"
        }
        if !hasDate { head += "Date: \(date)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(head.utf8)
    }
}

/// What a handler wants done with a request: answer it, or drop the connection without a word.
public enum HTTPReply: Sendable {
    case response(HTTPResponse)
    /// Close the connection without answering (fault injection: a dropped connection).
    case dropConnection
}

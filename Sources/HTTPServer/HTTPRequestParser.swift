/// Incremental HTTP/1.x request parser: feed bytes as they arrive, take whole requests out.
///
/// Accepts CRLF or bare LF line ends, Content-Length bodies only, and bounded head and body sizes.
public struct HTTPRequestParser: Sendable {
    public let maximumHeadBytes: Int
    public let maximumBodyBytes: Int
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already searched for the end of the head (never reset except on consume).
    private var searched = 0
    private var pendingHead: Head?

    private struct Head: Sendable {
        var request: HTTPRequest
        var headLength: Int
        var bodyLength: Int
    }

    public init(maximumHeadBytes: Int = 16 * 1024, maximumBodyBytes: Int = 1024 * 1024) {
        self.maximumHeadBytes = maximumHeadBytes
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Bytes received but not yet part of a returned request.
    public var bufferedByteCount: Int { buffer.count }

    /// Whether the head of the next request has been read and its body is still awaited.
    public var isAwaitingBody: Bool { pendingHead != nil }

    /// The head of the request whose body is awaited, if any (to answer `Expect: 100-continue`).
    public var awaitedRequest: HTTPRequest? { pendingHead?.request }

    public mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete request, nil when more bytes are needed.
    public mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        if pendingHead == nil {
            guard let headEnd = findHeadEnd() else {
                if buffer.count > maximumHeadBytes { throw .headersTooLarge(limit: maximumHeadBytes) }
                return nil
            }
            if headEnd.contentEnd > maximumHeadBytes { throw .headersTooLarge(limit: maximumHeadBytes) }
            pendingHead = try parseHead(contentEnd: headEnd.contentEnd, headLength: headEnd.headLength)
        }
        guard let head = pendingHead else { return nil }
        guard buffer.count >= head.headLength + head.bodyLength else { return nil }
        var request = head.request
        request.body = Array(buffer[head.headLength..<(head.headLength + head.bodyLength)])
        buffer.removeFirst(head.headLength + head.bodyLength)
        searched = 0
        pendingHead = nil
        return request
    }

    /// Finds the blank line ending the head: returns where the head's text ends and where the body starts.
    private mutating func findHeadEnd() -> (contentEnd: Int, headLength: Int)? {
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var index = max(searched, 0)
        while index < buffer.count {
            if buffer[index] == newline {
                // A line end at `index`; is the next line empty?
                let next = index + 1
                if next < buffer.count, buffer[next] == newline {
                    return (index, next + 1)
                }
                if next + 1 < buffer.count, buffer[next] == carriageReturn, buffer[next + 1] == newline {
                    return (index, next + 2)
                }
                if next >= buffer.count || (next + 1 >= buffer.count && buffer[next] == carriageReturn) {
                    // Not enough bytes yet to decide; search again from this newline next time.
                    searched = index
                    return nil
                }
            }
            index += 1
        }
        searched = index
        return nil
    }

    private func parseHead(contentEnd: Int, headLength: Int) throws(HTTPParseError) -> Head {
        var lines: [String] = []
        var lineStart = 0
        // Skip empty lines before the request line (RFC 9112 §2.2 allows one).
        for index in 0...contentEnd where index == contentEnd || buffer[index] == UInt8(ascii: "\n") {
            var lineEnd = index
            if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let bytes = buffer[lineStart..<lineEnd]
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .malformedHeader(String(decoding: bytes, as: UTF8.self))
            }
            if !(lines.isEmpty && text.isEmpty) { lines.append(text) }
            lineStart = index + 1
        }
        guard let requestLine = lines.first else { throw .malformedRequestLine("") }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].utf8.allSatisfy(Self.isTokenByte),
            !parts[1].isEmpty, parts[1].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw .malformedRequestLine(requestLine) }
        let version = String(parts[2])
        guard version.hasPrefix("HTTP/") else { throw .malformedRequestLine(requestLine) }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .unsupportedVersion(version) }

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedHeader(line) }
            let name = line[..<colon]
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw .malformedHeader(line) }
            let value = line[line.index(after: colon)...].trimmingBlanks()
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F })
            else { throw .malformedHeader(line) }
            headers.append((String(name), value))
        }
        let request = HTTPRequest(method: String(parts[0]), target: String(parts[1]), version: version, headers: headers)
        if let encoding = request.header("transfer-encoding") { throw .unsupportedTransferEncoding(encoding) }
        var bodyLength = 0
        let lengths = request.headerValues("content-length")
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
                first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let length = Int(first)
            else { throw .invalidContentLength(lengths.joined(separator: ",")) }
            guard length <= maximumBodyBytes else { throw .bodyTooLarge(length: length, limit: maximumBodyBytes) }
            bodyLength = length
        }
        return Head(request: request, headLength: headLength, bodyLength: bodyLength)
    }

    /// RFC 9110 token characters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

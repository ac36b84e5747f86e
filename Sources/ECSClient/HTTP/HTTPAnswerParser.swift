/// Parses one HTTP/1.x answer from the bytes read so far: status line, headers (names lower-cased, repeats joined
/// with ", "), and a body framed by `Content-Length`, chunked encoding, or the end of the connection.
struct HTTPAnswerParser {
    private enum Framing {
        case length(Int)
        case chunked
        case untilClose
    }

    private struct Head {
        var status: Int
        var headers: [String: String]
        var bodyStart: Int
        var framing: Framing
        var keepAlive: Bool
    }

    private var head: Head?
    /// A chunked body's complete chunks so far, and where the next one starts: each read decodes only its new bytes.
    private var chunkedBody: [UInt8] = []
    private var nextChunk: Int?

    /// `nil` while more bytes are needed.
    mutating func parse(_ bytes: [UInt8]) -> Result<HTTPConnection.Answer?, HTTPConnection.Failure> {
        if head == nil {
            switch Self.parseHead(bytes, from: 0) {
            case .failure(let failure): return .failure(failure)
            case .success(nil): return .success(nil)
            case .success(let parsed?): head = parsed
            }
        }
        guard let head else { return .success(nil) }
        switch head.framing {
        case .untilClose:
            return .success(nil)
        case .length(let length):
            guard bytes.count - head.bodyStart >= length else { return .success(nil) }
            let end = head.bodyStart + length
            return .success(answer(head, body: Array(bytes[head.bodyStart..<end]), trailing: bytes.count > end))
        case .chunked:
            var position = nextChunk ?? head.bodyStart
            defer { nextChunk = position }
            switch Self.dechunk(bytes, position: &position, body: &chunkedBody) {
            case .failure(let failure): return .failure(failure)
            case .success(nil): return .success(nil)
            case .success(let end?): return .success(answer(head, body: chunkedBody, trailing: bytes.count > end))
            }
        }
    }

    /// At the end of the connection: the answer when its body runs until the close, else `nil` (it was cut short).
    mutating func finish(_ bytes: [UInt8]) -> Result<HTTPConnection.Answer?, HTTPConnection.Failure> {
        if case .success(let answer?) = parse(bytes) { return .success(answer) }
        guard let head, case .untilClose = head.framing else { return .success(nil) }
        var closed = head
        closed.keepAlive = false
        return .success(answer(closed, body: Array(bytes[head.bodyStart...]), trailing: false))
    }

    private func answer(_ head: Head, body: [UInt8], trailing: Bool) -> HTTPConnection.Answer {
        HTTPConnection.Answer(
            response: HTTPResponseMessage(status: head.status, headers: head.headers, body: body), keepAlive: head.keepAlive && !trailing)
    }

    private static func parseHead(_ bytes: [UInt8], from start: Int) -> Result<Head?, HTTPConnection.Failure> {
        var position = start
        // Informational (1xx) answers precede the real one; they are skipped.
        while true {
            guard let end = headEnd(bytes, from: position) else {
                return bytes.count - position > HTTPConnection.maximumHeadBytes ? .failure(.malformed("head too large")) : .success(nil)
            }
            // Lines are split on the bytes; only names and values become strings.
            var lineStart = position
            var statusLine: [Substring] = []
            var headers: [String: String] = [:]
            while lineStart < end {
                let lineStop = lineEnd(bytes, from: lineStart).map { min($0, end) } ?? end
                let line = bytes[lineStart..<lineStop]
                lineStart = lineStop + 2
                if statusLine.isEmpty {
                    statusLine = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                    continue
                }
                if line.isEmpty { continue }
                guard let colon = line.firstIndex(of: 58) else { return .failure(.malformed("bad header line")) }
                let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
                let value = Substring(String(decoding: line[(colon + 1)...], as: UTF8.self)).trimmingSpaces
                if let existing = headers[name] { headers[name] = existing + ", " + value } else { headers[name] = value }
            }
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]), (100...999).contains(status)
            else { return .failure(.malformed("bad status line")) }
            position = end + 4
            if status < 200 { continue }
            let connection = headers["connection"]?.lowercased() ?? ""
            let http10 = statusLine[0] == "HTTP/1.0"
            var keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close")
            // No Accept-Encoding is sent, so a compressed body is a protocol error rather than garbage to parse.
            if let coding = headers["content-encoding"]?.lowercased(), coding != "identity" {
                return .failure(.malformed("unsupported content-encoding \(coding)"))
            }
            let framing: Framing
            if let encoding = headers["transfer-encoding"]?.lowercased(), encoding != "identity" {
                guard encoding.hasSuffix("chunked") else { return .failure(.malformed("unsupported transfer-encoding")) }
                framing = .chunked
            } else if let lengthText = headers["content-length"] {
                guard let length = Int(lengthText.split(separator: ",").first?.trimmingSpaces ?? ""), length >= 0,
                    length <= HTTPConnection.maximumBodyBytes
                else { return .failure(.malformed("bad content-length")) }
                framing = .length(length)
            } else if status == 204 || status == 304 {
                framing = .length(0)
            } else {
                framing = .untilClose
                keepAlive = false
            }
            return .success(Head(status: status, headers: headers, bodyStart: position, framing: framing, keepAlive: keepAlive))
        }
    }

    private static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= start + 4 else { return nil }
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Decodes the complete chunks from `position` on into `body` (moving `position` past them); the index just past
    /// the final chunk's trailers once the body is whole, `nil` while more bytes are needed.
    static func dechunk(_ bytes: [UInt8], position: inout Int, body: inout [UInt8]) -> Result<Int?, HTTPConnection.Failure> {
        while true {
            guard let lineEnd = lineEnd(bytes, from: position) else { return .success(nil) }
            let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self)
            let sizeField = sizeText.split(separator: ";", maxSplits: 1).first?.trimmingSpaces ?? ""
            guard let size = Int(sizeField, radix: 16), size >= 0, size <= HTTPConnection.maximumBodyBytes - body.count
            else { return .failure(.malformed("bad chunk size")) }
            let data = lineEnd + 2
            if size == 0 {
                // Trailers, if any, end with an empty line.
                var trailer = data
                while true {
                    guard let end = self.lineEnd(bytes, from: trailer) else { return .success(nil) }
                    let empty = end == trailer
                    trailer = end + 2
                    if empty { return .success(trailer) }
                }
            }
            guard bytes.count >= data + size + 2 else { return .success(nil) }
            guard bytes[data + size] == 13, bytes[data + size + 1] == 10 else { return .failure(.malformed("bad chunk end")) }
            body.append(contentsOf: bytes[data..<(data + size)])
            position = data + size + 2
        }
    }

    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}

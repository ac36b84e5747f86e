import Foundation
import Glibc

/// A response read off a raw socket by `LoopbackHTTPConnection`.
public struct RawHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// First header value by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Errors of the raw test client.
public enum LoopbackHTTPError: Error, Sendable {
    case connectFailed(Int32)
    case sendFailed(Int32)
    case closedByPeer
    case timedOut
    case malformedResponse(String)
}

/// A raw HTTP/1.1 client connection to a loopback port, for tests that need byte-level control
/// (keep-alive, pipelining, garbage). Blocking I/O runs on its own threads, never on the task pool.
public final class LoopbackHTTPConnection: Sendable {
    public let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { Glibc.close(fd) }

    /// Connects to `127.0.0.1:port`; reads time out after `timeoutSeconds`. `first`, if given, is sent right
    /// after connecting on the same thread (no scheduling gap a server's idle timeout could fall into).
    public static func open(port: Int, timeoutSeconds: Int = 30, sending first: String? = nil) async throws -> LoopbackHTTPConnection {
        try await onThread {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw LoopbackHTTPError.connectFailed(errno) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                let code = errno
                Glibc.close(fd)
                throw LoopbackHTTPError.connectFailed(code)
            }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connection = LoopbackHTTPConnection(fd: fd)
            if let first { try sendAll(fd: fd, Array(first.utf8)) }
            return connection
        }
    }

    /// Sends raw bytes.
    public func send(_ bytes: [UInt8]) async throws {
        let fd = self.fd
        try await Self.onThread { try Self.sendAll(fd: fd, bytes) }
    }

    private static func sendAll(fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw LoopbackHTTPError.sendFailed(errno)
            }
            offset += sent
        }
    }

    /// Sends text as UTF-8.
    public func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Reads one response (status line, headers, Content-Length body).
    public func readResponse() async throws -> RawHTTPResponse {
        let fd = self.fd
        return try await Self.onThread { try Self.readResponse(fd: fd) }
    }

    /// Sends a request and reads its response.
    public func exchange(_ request: String) async throws -> RawHTTPResponse {
        try await send(request)
        return try await readResponse()
    }

    /// Whether the peer has closed the connection (reads until EOF or timeout; true on EOF or reset).
    public func waitForClose() async -> Bool {
        let fd = self.fd
        return (try? await Self.onThread { () -> Bool in
            var byte: UInt8 = 0
            while true {
                let count = recv(fd, &byte, 1, 0)
                if count == 0 { return true }
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno == ECONNRESET
                }
            }
        }) ?? false
    }

    // A byte-at-a-time reader is plenty for tests and keeps framing obvious.
    private static func readResponse(fd: Int32) throws -> RawHTTPResponse {
        var head: [UInt8] = []
        while !(head.count >= 4 && head.suffix(4) == [13, 10, 13, 10]) {
            var byte: UInt8 = 0
            let count = recv(fd, &byte, 1, 0)
            if count == 0 { throw LoopbackHTTPError.closedByPeer }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw LoopbackHTTPError.timedOut }
                throw LoopbackHTTPError.closedByPeer
            }
            head.append(byte)
            if head.count > 1 << 20 { throw LoopbackHTTPError.malformedResponse("head too long") }
        }
        let text = String(decoding: head.dropLast(4), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let statusParts = statusLine.split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw LoopbackHTTPError.malformedResponse(statusLine)
        }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        if status == 100 { return try readResponse(fd: fd) }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        var body = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let count = body.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return recv(fd, base + filled, length - filled, 0)
            }
            if count == 0 { throw LoopbackHTTPError.closedByPeer }
            if count < 0 {
                if errno == EINTR { continue }
                throw LoopbackHTTPError.timedOut
            }
            filled += count
        }
        return RawHTTPResponse(status: status, headers: headers, body: body)
    }

    /// Runs blocking work on a fresh thread and resumes the caller with its result.
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.name = "test-io"
            thread.start()
        }
    }
}

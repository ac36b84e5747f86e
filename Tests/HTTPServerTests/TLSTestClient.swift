import CTLS
import Foundation
import Glibc
import TestSupport

/// The test certificates in `Fixtures/` (copied from ECSClientTests' `TLS/`; server.pem names 127.0.0.1, ::1, localhost).
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// Why the test client failed.
enum TLSTestClientError: Error, CustomStringConvertible {
    case connectFailed(Int32)
    case handshakeFailed(String)
    case ioFailed(String)
    case malformedResponse(String)

    var description: String {
        switch self {
        case .connectFailed(let code): "connect failed: errno \(code)"
        case .handshakeFailed(let reason): "handshake failed: \(reason)"
        case .ioFailed(let reason): "TLS I/O failed: \(reason)"
        case .malformedResponse(let text): "malformed response: \(text)"
        }
    }
}

/// A response read by `TLSTestClient`.
struct TLSTestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking OpenSSL client for one HTTPS connection to 127.0.0.1, trusting only the test CA and checking the
/// address against the certificate; its I/O runs on threads of its own (`LoopbackHTTPConnection.onThread`).
final class TLSTestClient: @unchecked Sendable {  // used by one test at a time, each call on one thread
    private let descriptor: Int32
    private let context: OpaquePointer
    private let connection: OpaquePointer
    private var aborted = false

    private init(descriptor: Int32, context: OpaquePointer, connection: OpaquePointer) {
        self.descriptor = descriptor
        self.context = context
        self.connection = connection
    }

    deinit {
        SSL_free(connection)
        SSL_CTX_free(context)
        if !aborted { close(descriptor) }
    }

    /// Closes the socket at once with a reset (SO_LINGER 0), whatever the server is still sending.
    func abort() {
        guard !aborted else { return }
        aborted = true
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(descriptor)
    }

    /// Connects and handshakes; `maximumVersion` (e.g. `TLS1_1_VERSION`) caps what the client offers.
    static func connect(port: Int, maximumVersion: Int32? = nil) async throws -> TLSTestClient {
        try await LoopbackHTTPConnection.onThread {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                let code = errno
                close(fd)
                throw TLSTestClientError.connectFailed(code)
            }
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let context = SSL_CTX_new(TLS_client_method()) else {
                close(fd)
                throw TLSTestClientError.handshakeFailed("no context")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            SSL_CTX_load_verify_locations(context, fixture("ca.pem"), nil)
            if let maximumVersion {
                // Old versions are below OpenSSL's default security level: lower it so the server is the one refusing.
                SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
                SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, 0, nil)
                SSL_CTX_ctrl(context, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(maximumVersion), nil)
            }
            guard let connection = SSL_new(context) else {
                SSL_CTX_free(context)
                close(fd)
                throw TLSTestClientError.handshakeFailed("no connection")
            }
            let client = TLSTestClient(descriptor: fd, context: context, connection: connection)
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(connection), "127.0.0.1")
            SSL_set_fd(connection, fd)
            ERR_clear_error()
            guard SSL_connect(connection) == 1 else { throw TLSTestClientError.handshakeFailed(Self.errors()) }
            return client
        }
    }

    /// The negotiated protocol version (`TLS1_2_VERSION`, `TLS1_3_VERSION`).
    var protocolVersion: Int32 { SSL_version(connection) }

    /// Sends a request and reads one response (Content-Length framing).
    func exchange(_ request: String) async throws -> TLSTestResponse {
        try await send(request)
        return try await LoopbackHTTPConnection.onThread { try self.readResponse() }
    }

    /// Sends raw text over TLS.
    func send(_ text: String) async throws {
        try await LoopbackHTTPConnection.onThread {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { raw -> Int32 in
                    guard let base = raw.baseAddress else { return 0 }
                    return SSL_write(self.connection, base + offset, Int32(raw.count - offset))
                }
                guard written > 0 else { throw TLSTestClientError.ioFailed(Self.errors()) }
                offset += Int(written)
            }
        }
    }

    /// True when the server ends the session (close_notify, EOF or reset) before sending anything more.
    func waitForClose() async -> Bool {
        (try? await LoopbackHTTPConnection.onThread { () -> Bool in
            var byte: UInt8 = 0
            let count = SSL_read(self.connection, &byte, 1)
            return count <= 0 && SSL_get_error(self.connection, count) != SSL_ERROR_WANT_READ
        }) ?? false
    }

    private func readByte() throws -> UInt8 {
        var byte: UInt8 = 0
        ERR_clear_error()
        guard SSL_read(connection, &byte, 1) == 1 else { throw TLSTestClientError.ioFailed(Self.errors()) }
        return byte
    }

    private func readResponse() throws -> TLSTestResponse {
        var head: [UInt8] = []
        while !(head.count >= 4 && head.suffix(4) == [13, 10, 13, 10]) { head.append(try readByte()) }
        var lines = String(decoding: head.dropLast(4), as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw TLSTestClientError.malformedResponse(statusLine) }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        while body.count < length { body.append(try readByte()) }
        return TLSTestResponse(status: status, headers: headers, body: body)
    }

    private static func errors() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            reasons.append(ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)")
        }
        return reasons.isEmpty ? "no OpenSSL reason (errno \(errno))" : reasons.joined(separator: "; ")
    }
}

import CTLS
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The test certificates in `TLS/` (made by `TLS/make-fixtures.sh`).
func tlsFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("TLS/\(name)").path
}

/// A small HTTPS server on 127.0.0.1 for the client's TLS tests: blocking OpenSSL on a thread per connection,
/// keep-alive, one canned answer per request. With `proxy`, each connection first takes a `CONNECT` head (as an
/// HTTPS proxy would) and answers it with `proxyStatus`, then runs TLS as if it were the tunnelled endpoint.
final class TLSTestServer: @unchecked Sendable {  // the SSL_CTX is only read after init
    struct Seen: Sendable {
        var connections = 0
        var requests: [String] = []
        /// The SNI of each handshake (`nil` when the client sent none).
        var serverNames: [String?] = []
        var connectHeads: [String] = []
        var handshakeFailures = 0
        /// For each handshake, whether it resumed an earlier session.
        var resumed: [Bool] = []
    }

    private let context: OpaquePointer
    private let proxy: Bool
    private let proxyStatus: Int
    private let answer: @Sendable (String) -> (status: Int, body: String)
    private let listener: Int32
    let port: Int
    let seen = Mutex(Seen())

    init(
        certificate: String = "server", proxy: Bool = false, proxyStatus: Int = 200, maximumTLSVersion: Int32? = nil,
        answer: @escaping @Sendable (String) -> (status: Int, body: String) = { _ in (200, #"{"RequestId":"TLS"}"#) }
    ) throws {
        let context = try #require(SSL_CTX_new(TLS_server_method()))
        try #require(SSL_CTX_use_certificate_chain_file(context, tlsFixture("\(certificate).pem")) == 1)
        try #require(SSL_CTX_use_PrivateKey_file(context, tlsFixture("\(certificate).key"), SSL_FILETYPE_PEM) == 1)
        if let maximumTLSVersion { try #require(ecsrpc_tls_set_maximum_version(context, maximumTLSVersion) == 1) }
        self.context = context
        self.proxy = proxy
        self.proxyStatus = proxyStatus
        self.answer = answer
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(listening)
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { SSL_CTX_free(context) }

    /// Stops accepting (connections already open end when their client closes them).
    func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            seen.withLock { $0.connections += 1 }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        if proxy {
            guard let head = readHead({ buffer, count in recv(client, buffer, count, 0) }) else { return }
            seen.withLock { $0.connectHeads.append(head) }
            let reply = "HTTP/1.1 \(proxyStatus) \(proxyStatus == 200 ? "Connection established" : "Refused")\r\nContent-Length: 0\r\n\r\n"
            _ = reply.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            guard proxyStatus == 200 else { return }
        }
        guard let connection = SSL_new(context) else { return }
        defer { SSL_free(connection) }
        SSL_set_fd(connection, client)
        guard SSL_accept(connection) == 1 else {
            seen.withLock { $0.handshakeFailures += 1 }
            return
        }
        let name = ecsrpc_tls_server_name(connection).map { String(cString: $0) }
        let resumed = SSL_session_reused(connection) == 1
        seen.withLock {
            $0.serverNames.append(name)
            $0.resumed.append(resumed)
        }
        while let head = readHead({ buffer, count in Int(SSL_read(connection, buffer, Int32(count))) }) {
            seen.withLock { $0.requests.append(head) }
            let (status, body) = answer(head)
            let reply = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            let bytes = Array(reply.utf8)
            guard SSL_write(connection, bytes, Int32(bytes.count)) == Int32(bytes.count) else { return }
        }
        SSL_shutdown(connection)
    }

    /// Reads one request head byte by byte (nothing beyond it is consumed); `nil` at the end of the stream.
    private func readHead(_ read: (UnsafeMutableRawPointer, Int) -> Int) -> String? {
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !(head.count >= 4 && head.suffix(4).elementsEqual([13, 10, 13, 10])) {
            guard withUnsafeMutableBytes(of: &byte, { read($0.baseAddress.unsafelyUnwrapped, 1) }) == 1, head.count < 65536 else { return nil }
            head.append(byte)
        }
        return String(decoding: head, as: UTF8.self)
    }
}

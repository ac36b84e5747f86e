import CTLS
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TLS server whose every connection runs a script (misbehaving on purpose: answers cut short, closes,
/// resets, stalls, odd record sizes, proxy heads before TLS). Connections are numbered from 0 in accept order.
final class ScriptedTLSServer: @unchecked Sendable {  // the SSL_CTX is only read after init
    /// One accepted connection, handed to the script; the server closes it (without close_notify) when the script ends.
    final class Peer: @unchecked Sendable {  // used by one thread at a time
        let fd: Int32
        let index: Int
        private let context: OpaquePointer
        private let server: ScriptedTLSServer
        private(set) var ssl: OpaquePointer?

        fileprivate init(fd: Int32, index: Int, context: OpaquePointer, server: ScriptedTLSServer) {
            self.fd = fd
            self.index = index
            self.context = context
            self.server = server
        }

        deinit { if let ssl { SSL_free(ssl) } }

        /// Runs the server side of the handshake; false when the client gave up or failed it.
        func handshake() -> Bool {
            guard let made = SSL_new(context) else { return false }
            ssl = made
            SSL_set_fd(made, fd)
            return SSL_accept(made) == 1
        }

        /// Reads one request head through TLS (counted in `requests`); `nil` at the end of the stream.
        func readRequest() -> String? {
            guard let ssl else { return nil }
            let head = Self.readHead { Int(SSL_read(ssl, $0, Int32($1))) }
            if let head { server.seen.withLock { $0.requests.append(head) } }
            return head
        }

        /// Reads a head from the raw socket, before any TLS (a `CONNECT` to a proxy).
        func readRawHead() -> String? {
            let head = Self.readHead { recv(fd, $0, $1, 0) }
            if let head { server.seen.withLock { $0.rawHeads.append(head) } }
            return head
        }

        /// Writes raw bytes to the socket, outside TLS.
        func sendRaw(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let sent = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if sent <= 0 { return }
                    offset += sent
                }
            }
        }

        /// Writes `bytes` through TLS, at most `recordSize` bytes per `SSL_write` (so per TLS record); false on failure.
        @discardableResult
        func write(_ bytes: [UInt8], recordSize: Int = 16384) -> Bool {
            guard let ssl else { return false }
            var offset = 0
            while offset < bytes.count {
                let count = min(recordSize, bytes.count - offset)
                let written = bytes[offset..<(offset + count)].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(count)) }
                if written <= 0 { return false }
                offset += Int(written)
            }
            return true
        }

        @discardableResult
        func write(_ text: String, recordSize: Int = 16384) -> Bool { write(Array(text.utf8), recordSize: recordSize) }

        /// Sends close_notify (the TLS end of stream).
        func closeNotify() { if let ssl { SSL_shutdown(ssl) } }

        /// Makes the coming close a reset (RST) rather than an orderly end.
        func resetOnClose() {
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }

        /// Reads and drops whatever comes until the client closes the connection.
        func waitForClientClose() {
            var scratch = [UInt8](repeating: 0, count: 4096)
            if let ssl {
                while SSL_read(ssl, &scratch, Int32(scratch.count)) > 0 {}
            } else {
                while recv(fd, &scratch, scratch.count, 0) > 0 {}
            }
        }

        private static func readHead(_ read: (UnsafeMutableRawPointer, Int) -> Int) -> String? {
            var head: [UInt8] = []
            var byte: UInt8 = 0
            while !(head.count >= 4 && head.suffix(4).elementsEqual([13, 10, 13, 10])) {
                guard withUnsafeMutableBytes(of: &byte, { read($0.baseAddress.unsafelyUnwrapped, 1) }) == 1, head.count < 65536 else {
                    return nil
                }
                head.append(byte)
            }
            return String(decoding: head, as: UTF8.self)
        }
    }

    struct Seen: Sendable {
        var connections = 0
        /// Connections whose script has not ended yet.
        var open = 0
        var requests: [String] = []
        var rawHeads: [String] = []
    }

    private let context: OpaquePointer
    private let listener: Int32
    private let script: @Sendable (Peer) -> Void
    let port: Int
    let seen = Mutex(Seen())

    /// - Parameter ipv6: listen on ::1 instead of 127.0.0.1.
    init(certificate: String = "server", ipv6: Bool = false, script: @escaping @Sendable (Peer) -> Void) throws {
        let context = try #require(SSL_CTX_new(TLS_server_method()))
        try #require(SSL_CTX_use_certificate_chain_file(context, tlsFixture("\(certificate).pem")) == 1)
        try #require(SSL_CTX_use_PrivateKey_file(context, tlsFixture("\(certificate).key"), SSL_FILETYPE_PEM) == 1)
        self.context = context
        self.script = script
        (listener, port) = try loopbackListener(ipv6: ipv6, backlog: 64)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { SSL_CTX_free(context) }

    /// Stops accepting (connections already open end with their scripts).
    func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    /// A script that answers every request on the connection with a small JSON body, keeping it alive.
    static func answerAll(_ peer: Peer) {
        guard peer.handshake() else { return }
        while peer.readRequest() != nil {
            let body = #"{"RequestId":"\#(peer.index)"}"#
            guard peer.write("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)") else { return }
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            let index = seen.withLock { seen in
                seen.connections += 1
                seen.open += 1
                return seen.connections - 1
            }
            let peer = Peer(fd: client, index: index, context: context, server: self)
            let thread = Thread { [self] in
                // The server's own writes to a vanished client must not raise SIGPIPE (SIGPIPETests keeps its default).
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                script(peer)
                close(peer.fd)
                seen.withLock { $0.open -= 1 }
            }
            thread.start()
        }
    }
}

/// A listening TCP socket on 127.0.0.1 or ::1 (port chosen by the kernel), with its port.
func loopbackListener(ipv6: Bool = false, backlog: Int32) throws -> (fd: Int32, port: Int) {
    let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    try #require(fd >= 0)
    var storage = sockaddr_storage()
    var length: socklen_t
    if ipv6 {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        withUnsafeBytes(of: address) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
    } else {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeBytes(of: address) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
    }
    let listening = withUnsafeMutablePointer(to: &storage) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && listen(fd, backlog) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    try #require(listening)
    let port = withUnsafeBytes(of: storage) { raw in
        ipv6 ? raw.load(as: sockaddr_in6.self).sin6_port : raw.load(as: sockaddr_in.self).sin_port
    }
    return (fd, Int(UInt16(bigEndian: port)))
}

/// What this test process holds, from /proc: for leak checks of descriptors and threads.
enum ProcessResources {
    /// Open descriptors that are sockets.
    static var sockets: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count { entry in
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink("/proc/self/fd/\(entry)", &target, target.count - 1)
            return length > 0 && String(decoding: target.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("socket:")
        }
    }

    /// The whole of a /proc file (Foundation's readers may stop at the first page of these size-less files).
    static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Live threads with this name (`ecs-http` for the client's connection threads).
    static func threads(named name: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).count { task in
            read("/proc/self/task/\(task)/comm").trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }
}

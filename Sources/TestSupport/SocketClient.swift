import JSON
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A client connection to a Unix socket server, reading answers on its own thread.
public final class SocketClient: LineClient {
    public let fd: Int32
    public let inbox = LineInbox()
    /// Guards the descriptor: once closed, its number may belong to someone else.
    private let descriptor: SocketDescriptor

    /// Connects to `path`, retrying until the server listens or `timeout` passes.
    public static func connect(path: String, timeout: Duration = defaultAnswerTimeout) async throws -> SocketClient {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try SocketClient(path: path)
            } catch {
                if ContinuousClock.now >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Connects once to `path`.
    public init(path: String) throws {
        RawIO.ignoreSigpipe()
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw TestSupportError.system(call: "socket", errno: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(socketFD)
            throw TestSupportError.unexpected("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let failure = errno
            close(socketFD)
            throw TestSupportError.system(call: "connect", errno: failure)
        }
        fd = socketFD
        let descriptor = SocketDescriptor(fd: socketFD)
        self.descriptor = descriptor
        StreamReader.start(fd: socketFD, into: inbox, name: "test-socket-\(socketFD)") { descriptor.close() }
    }

    public func writeBytes(_ bytes: [UInt8]) throws {
        try descriptor.withOpen { fd in try RawIO.writeAll(fd: fd, bytes) }
    }

    /// Half-closes: the server sees EOF but can still answer.
    public func finishWriting() {
        descriptor.ifOpen { fd in _ = shutdown(fd, Int32(SHUT_WR)) }
    }

    /// Drops the connection both ways (the reader thread closes the descriptor).
    public func disconnect() {
        descriptor.ifOpen { fd in _ = shutdown(fd, Int32(SHUT_RDWR)) }
    }

    deinit { disconnect() }
}

/// A descriptor used only while open; closed once, under the same lock.
final class SocketDescriptor: Sendable {
    private let state: Mutex<Int32?>

    init(fd: Int32) { state = Mutex(fd) }

    /// Runs `body` with the descriptor; throws when it is already closed.
    func withOpen(_ body: (Int32) throws -> Void) throws {
        let result: Result<Void, any Error> = state.withLock { fd in
            guard let fd else { return .failure(TestSupportError.unexpected("connection closed")) }
            return Result { try body(fd) }
        }
        try result.get()
    }

    /// Runs `body` with the descriptor unless it is already closed.
    func ifOpen(_ body: (Int32) -> Void) {
        state.withLock { fd in
            if let fd { body(fd) }
        }
    }

    func close() {
        state.withLock { fd in
            if let open = fd { Glibc.close(open) }
            fd = nil
        }
    }
}

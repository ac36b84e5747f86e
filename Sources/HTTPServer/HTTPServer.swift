import Dispatch
import Foundation
import Glibc
import Synchronization

/// Answers one request; runs as a task, never on the server's I/O threads.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPReply

/// A small HTTP/1.1 server on loopback: one accept thread, one blocking thread per connection,
/// keep-alive, Content-Length bodies, bounded heads and bodies, one `send` per response; HTTPS when the
/// configuration carries a ``TLSServerIdentity`` (the handshake runs on the connection's own thread).
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let handler: HTTPHandler
    private let state = Mutex(State())
    private let acceptedCount = Atomic<Int>(0)
    private let requestCount = Atomic<Int>(0)
    private let handshakeFailureCount = Atomic<Int>(0)

    private struct State {
        var listener: Int32 = -1
        var started = false
        var stopped = false
        var connections: Set<Int32> = []
        var acceptThreadFinished: DispatchSemaphore?
    }

    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: @escaping HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    deinit { stop() }

    /// Connections accepted since start (a keep-alive client reuses one).
    public var acceptedConnections: Int { acceptedCount.load(ordering: .relaxed) }
    /// Requests parsed and answered (or dropped) since start.
    public var servedRequests: Int { requestCount.load(ordering: .relaxed) }
    /// TLS handshakes that failed since start (plain HTTP sent to an HTTPS port counts too).
    public var failedHandshakes: Int { handshakeFailureCount.load(ordering: .relaxed) }
    /// Connections open now.
    public var openConnections: Int { state.withLock { $0.connections.count } }

    /// Binds `host:port` (loopback only; port 0 picks a free one), starts accepting, and returns the bound address.
    public func start(host: String = "127.0.0.1", port: Int = 0) throws(HTTPServerError) -> ListeningAddress {
        let address = try SocketAddressing.loopbackAddress(host: host, port: port)
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .socketFailed(operation: "socket", errno: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        SocketIO.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        var storage = address.storage
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw .socketFailed(operation: "bind", errno: code)
        }
        guard listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw .socketFailed(operation: "listen", errno: code)
        }
        let finished = DispatchSemaphore(value: 0)
        let alreadyStarted = state.withLock { state -> Bool in
            if state.started { return true }
            state.started = true
            state.listener = fd
            state.acceptThreadFinished = finished
            return false
        }
        if alreadyStarted {
            close(fd)
            throw .alreadyStarted
        }
        let boundPort = SocketAddressing.boundPort(of: fd) ?? port
        let thread = Thread { [self] in
            acceptLoop(listener: fd)
            state.withLock { $0.listener = -1 }
            close(fd)
            finished.signal()
        }
        thread.name = "http-accept"
        thread.start()
        let shownHost = host == "localhost" ? "127.0.0.1" : host
        return ListeningAddress(
            host: shownHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: boundPort,
            scheme: configuration.tls == nil ? "http" : "https")
    }

    /// Stops accepting and closes every connection; returns once the listening socket is closed.
    public func stop() {
        // Shut sockets down under the lock: a descriptor leaves the set (under the lock) before it is
        // closed, so nothing here can hit a number another server has reused meanwhile.
        let finished = state.withLock { state -> DispatchSemaphore? in
            if state.stopped || !state.started { return nil }
            state.stopped = true
            if state.listener >= 0 { shutdown(state.listener, Int32(SHUT_RDWR)) }
            for connection in state.connections { shutdown(connection, Int32(SHUT_RDWR)) }
            return state.acceptThreadFinished
        }
        _ = finished?.wait(timeout: .now() + 2)
    }

    // MARK: - Threads

    private func acceptLoop(listener: Int32) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if state.withLock({ $0.stopped }) { return }
                if errno == EMFILE || errno == ENFILE {
                    usleep(10_000)
                    continue
                }
                return
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            acceptedCount.add(1, ordering: .relaxed)
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped, state.connections.count < configuration.maximumConnections else { return false }
                state.connections.insert(fd)
                return true
            }
            guard admitted else {
                // A TLS client could not read a plain answer: it just sees the connection close.
                if configuration.tls == nil {
                    let refusal = HTTPResponse.text(503, "too many connections")
                    SocketIO.sendAll(fd, refusal.serialized(keepAlive: false, date: HTTPDate.now()))
                }
                close(fd)
                continue
            }
            SocketIO.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            SocketIO.setReceiveTimeout(fd, seconds: configuration.idleTimeoutSeconds)
            let identity = configuration.tls
            let thread = Thread { [self] in
                if let identity {
                    serveSecurely(connection: fd, identity: identity)
                } else {
                    serve(PlainChannel(descriptor: fd))
                }
                state.withLock { _ = $0.connections.remove(fd) }
                close(fd)
            }
            thread.name = "http-connection"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Handshakes, then serves requests over TLS; a plain HTTP request gets `plainHTTPRefusal` in plain HTTP.
    private func serveSecurely(connection fd: Int32, identity: TLSServerIdentity) {
        switch TLSChannel.accept(descriptor: fd, identity: identity) {
        case .success(let channel):
            serve(channel)
            channel.sendCloseNotify()
        case .failure(let failure):
            handshakeFailureCount.add(1, ordering: .relaxed)
            if failure == .plainHTTP {
                SocketIO.sendAll(fd, configuration.plainHTTPRefusal.serialized(keepAlive: false, date: HTTPDate.now()))
                SocketIO.lingeringClose(fd)
            }
        }
    }

    /// The request loop of one connection, over either channel (specialized for each, so plain HTTP pays nothing).
    private func serve<Channel: ConnectionChannel>(_ channel: Channel) {
        var parser = HTTPRequestParser(
            maximumHeadBytes: configuration.maximumHeadBytes, maximumBodyBytes: configuration.maximumBodyBytes)
        var chunk = [UInt8](repeating: 0, count: max(1, configuration.readChunkBytes))
        var continueSent = false
        while true {
            do {
                while let request = try parser.nextRequest() {
                    continueSent = false
                    requestCount.add(1, ordering: .relaxed)
                    let keepAlive = request.wantsKeepAlive
                    switch answer(request) {
                    case .dropConnection:
                        return
                    case .response(let response):
                        let stopping = state.withLock { $0.stopped }
                        let open = keepAlive && !stopping
                        guard channel.sendResponse(head: response.head(keepAlive: open, date: HTTPDate.now()), body: response.body),
                            open
                        else { return }
                    }
                }
            } catch {
                let response = HTTPResponse.text(error.status, error.explanation)
                channel.sendAll(response.serialized(keepAlive: false, date: HTTPDate.now()))
                channel.finishAfterErrorAnswer()
                return
            }
            if !continueSent, let awaited = parser.awaitedRequest,
                awaited.header("expect")?.lowercased() == "100-continue"
            {
                continueSent = true
                channel.sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            let received = chunk.withUnsafeMutableBytes { channel.receive(into: $0) }
            guard received > 0 else { return }
            parser.append(chunk[0..<received])
        }
    }

    /// Runs the async handler in a task and waits for it on this (dedicated) thread.
    private func answer(_ request: HTTPRequest) -> HTTPReply {
        let slot = ReplySlot()
        let handler = self.handler
        Task {
            slot.fill(await handler(request))
        }
        return slot.wait()
    }
}

/// A one-shot hand-over of a reply from a task to a blocked connection thread.
private final class ReplySlot: Sendable {
    private let reply = Mutex<HTTPReply?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func fill(_ value: HTTPReply) {
        reply.withLock { $0 = value }
        ready.signal()
    }

    func wait() -> HTTPReply {
        ready.wait()
        return reply.withLock { $0 } ?? .dropConnection
    }
}

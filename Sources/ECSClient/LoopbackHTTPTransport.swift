import Synchronization

/// The default `HTTPTransport`: plain `http://` calls to a loopback host (the simulator, a local proxy) go over a small
/// HTTP/1.1 keep-alive client of our own; everything else (HTTPS to real endpoints) goes to `fallback` (URLSession).
///
/// URLSession on Linux (libcurl, dispatch sources, delegate queues) costs several thread hops and a few hundred
/// microseconds per call; on loopback that dominated ecsrpc's overhead. Each pooled connection has one thread of its
/// own that does the blocking I/O, so the cooperative pool never blocks and a call costs one hop each way.
public final class LoopbackHTTPTransport: HTTPTransport {
    private let fallback: any HTTPTransport
    private let maximumIdleConnectionsPerHost: Int
    private let idle = Mutex<[String: [LoopbackConnection]]>([:])
    private let opened = Atomic<Int>(0)

    /// - Parameters:
    ///   - fallback: sends every request that is not plain HTTP to a loopback host.
    ///   - maximumIdleConnectionsPerHost: kept-alive connections kept per host; more are closed after their call.
    public init(fallback: any HTTPTransport, maximumIdleConnectionsPerHost: Int = 8) {
        self.fallback = fallback
        self.maximumIdleConnectionsPerHost = max(0, maximumIdleConnectionsPerHost)
    }

    deinit {
        for connection in idle.withLock({ $0.values.flatMap { $0 } }) { connection.retire() }
    }

    /// Connections this transport has opened so far (for tests of reuse).
    public var openedConnections: Int { opened.load(ordering: .relaxed) }

    public func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        guard let target = LoopbackTarget(url: request.url) else { return try await fallback.send(request, timeout: timeout) }
        let wire = try Self.requestBytes(request, target: target)
        let deadline = ContinuousClock.now + timeout
        let reused = takeIdle(target.authority)
        let connection = reused ?? newConnection(target)
        var outcome = await connection.exchange(wire, deadline: deadline)
        // A kept-alive connection the server closed meanwhile fails before any answer byte arrives: the request is
        // sent once more, with the same signature and nonce, on a fresh connection (as libcurl does).
        if reused != nil, case .failure(.closedBeforeAnswer) = outcome, !Task.isCancelled {
            connection.retire()
            let fresh = newConnection(target)
            outcome = await fresh.exchange(wire, deadline: deadline)
            // The first copy may have reached the service: a refused retry must not look like "never sent".
            if case .failure(.refused) = outcome { outcome = .failure(.lost) }
            return try finish(outcome, connection: fresh, timeout: timeout)
        }
        return try finish(outcome, connection: connection, timeout: timeout)
    }

    private func finish(
        _ outcome: Result<LoopbackConnection.Answer, LoopbackConnection.Failure>, connection: LoopbackConnection, timeout: Duration
    ) throws(TransportFailure) -> HTTPResponseMessage {
        switch outcome {
        case .success(let answer):
            if answer.keepAlive { putIdle(connection) } else { connection.retire() }
            return answer.response
        case .failure(let failure):
            connection.retire()
            switch failure {
            case .refused: throw .connectionRefused
            case .timedOut: throw .timedOut(seconds: URLSessionTransport.seconds(timeout))
            case .closedBeforeAnswer, .lost: throw .connectionLost
            case .cancelled: throw .other("cancelled")
            case .malformed(let reason): throw .other("invalid HTTP response: \(reason)")
            case .system(let call, let code): throw .other("\(call) failed (errno \(code))")
            }
        }
    }

    private func newConnection(_ target: LoopbackTarget) -> LoopbackConnection {
        opened.add(1, ordering: .relaxed)
        return LoopbackConnection(target: target)
    }

    private func takeIdle(_ authority: String) -> LoopbackConnection? {
        while let candidate = idle.withLock({ $0[authority]?.popLast() }) {
            if candidate.isReusable { return candidate }
            candidate.retire()
        }
        return nil
    }

    private func putIdle(_ connection: LoopbackConnection) {
        let kept = idle.withLock { table -> Bool in
            guard table[connection.target.authority, default: []].count < maximumIdleConnectionsPerHost else { return false }
            table[connection.target.authority, default: []].append(connection)
            return true
        }
        if !kept { connection.retire() }
    }

    /// `POST /?query HTTP/1.1` with `Host`, the signed headers, an empty body and keep-alive.
    static func requestBytes(_ request: HTTPRequestMessage, target: LoopbackTarget) throws(TransportFailure) -> [UInt8] {
        var head = "\(request.method) \(target.pathAndQuery) HTTP/1.1\r\nHost: \(target.authority)\r\n"
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            guard !name.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 58 }), !value.utf8.contains(where: { $0 == 13 || $0 == 10 })
            else { throw .other("invalid header \(name)") }
            head += "\(name): \(value)\r\n"
        }
        if request.method == "POST" || request.method == "PUT" { head += "Content-Length: 0\r\n" }
        head += "Connection: keep-alive\r\n\r\n"
        guard !request.method.utf8.contains(where: { $0 <= 32 }), !target.pathAndQuery.utf8.contains(where: { $0 <= 32 })
        else { throw .other("malformed URL") }
        return Array(head.utf8)
    }
}

extension ECSClient {
    /// The transport `ECSClient` uses when none is given: the loopback HTTP client, falling back to URLSession.
    public static func defaultTransport(readTimeout: Duration) -> any HTTPTransport {
        LoopbackHTTPTransport(fallback: URLSessionTransport(readTimeout: readTimeout))
    }
}

import Foundation
import Synchronization

/// The default `HTTPTransport`: a small HTTP/1.1 keep-alive client of our own, over plain TCP (loopback endpoints such
/// as the simulator) or TLS through OpenSSL (Alibaba Cloud's HTTPS endpoints), directly or through an HTTPS proxy.
///
/// Each pooled connection has one thread of its own that does the blocking work (resolving, connecting, the TLS
/// handshake, reading), so the cooperative pool never blocks and a call costs one hop each way. Redirects are never
/// followed: ECS does not send them, and following one could leave the checked endpoint, so a 3xx is the answer.
public final class HTTPClientTransport: HTTPTransport {
    private let connectTimeout: Duration
    private let maximumIdleConnectionsPerHost: Int
    private let opener: Result<ConnectionOpener, ProxySettingsError>
    private let maximumIdleTime: Duration
    private let idle = Mutex<[String: [IdleConnection]]>([:])
    private let opened = Atomic<Int>(0)
    private let tlsContext: LazyTLSContext

    /// - Parameters:
    ///   - connectTimeout: time allowed to connect (and finish the TLS handshake), within each call's own timeout.
    ///   - trustedCertificatesFile: PEM certificates trusted besides the system's (`--ca-file`).
    ///   - proxy: the HTTPS proxy (usually `ProxySettings.fromEnvironment`), or its problem, failing HTTPS calls clearly.
    ///   - maximumIdleConnectionsPerHost: kept-alive connections kept per host; more are closed after their call.
    ///   - maximumIdleTime: a connection idle longer is closed rather than reused: a firewall or NAT may have dropped
    ///     it without a word, and a request written into it would only time out.
    public init(
        connectTimeout: Duration = .seconds(5), trustedCertificatesFile: String? = nil,
        proxy: Result<ProxySettings?, ProxySettingsError> = .success(nil), maximumIdleConnectionsPerHost: Int = 8,
        maximumIdleTime: Duration = .seconds(50)
    ) {
        self.maximumIdleTime = maximumIdleTime
        self.connectTimeout = connectTimeout
        self.maximumIdleConnectionsPerHost = max(0, maximumIdleConnectionsPerHost)
        tlsContext = LazyTLSContext(trustedCertificatesFile: trustedCertificatesFile)
        let tlsContext = self.tlsContext
        opener = proxy.map { ConnectionOpener(proxy: $0, tlsContext: tlsContext) }
    }

    deinit {
        for entry in idle.withLock({ $0.values.flatMap { $0 } }) { entry.connection.retire() }
    }

    /// Connections this transport has opened so far (for tests of reuse).
    public var openedConnections: Int { opened.load(ordering: .relaxed) }

    /// Whether the TLS context exists yet (it is made by the first HTTPS call).
    var hasTLSContext: Bool { tlsContext.isMade }

    public func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        guard let target = HTTPTarget(url: request.url) else { throw .other("malformed URL") }
        let opener: ConnectionOpener
        switch self.opener {
        case .success(let ready): opener = ready
        case .failure(let problem):
            // A broken proxy setting only matters where the proxy would be used.
            if target.usesTLS && !target.isLoopback { throw .other(problem.description) }
            opener = ConnectionOpener(proxy: nil, tlsContext: tlsContext)
        }
        let wire = try Self.requestBytes(request, target: target)
        let deadline = ContinuousClock.now + timeout
        let reused = takeIdle(target.poolKey)
        let connection = reused ?? newConnection(target, opener: opener)
        var outcome = await connection.exchange(wire, deadline: deadline)
        // A kept-alive connection the server closed meanwhile fails before any answer byte arrives: the request is
        // sent once more, with the same signature and nonce, on a fresh connection (as libcurl does).
        if reused != nil, case .failure(.closedBeforeAnswer) = outcome, !Task.isCancelled {
            connection.retire()
            let fresh = newConnection(target, opener: opener)
            outcome = await fresh.exchange(wire, deadline: deadline)
            // The first copy may have reached the service: a refused retry must not look like "never sent".
            if case .failure(.refused) = outcome { outcome = .failure(.lost) }
            return try finish(outcome, connection: fresh, timeout: timeout)
        }
        return try finish(outcome, connection: connection, timeout: timeout)
    }

    private func finish(
        _ outcome: Result<HTTPConnection.Answer, HTTPConnection.Failure>, connection: HTTPConnection, timeout: Duration
    ) throws(TransportFailure) -> HTTPResponseMessage {
        switch outcome {
        case .success(let answer):
            if answer.keepAlive { putIdle(connection) } else { connection.retire() }
            return answer.response
        case .failure(let failure):
            connection.retire()
            throw transportFailure(failure, timeout: timeout)
        }
    }

    private func transportFailure(_ failure: HTTPConnection.Failure, timeout: Duration) -> TransportFailure {
        switch failure {
        case .refused: .connectionRefused
        case .unreachable: .other("network unreachable")
        case .hostNotFound: .hostNotFound
        case .timedOut: .timedOut(seconds: seconds(timeout))
        case .connectTimedOut: .timedOut(seconds: seconds(connectTimeout))
        case .closedBeforeAnswer, .lost: .connectionLost
        case .cancelled: .other("cancelled")
        case .tls(let reason): .tls(reason)
        case .proxy(let reason): .other(reason)
        case .malformed(let reason): .other("invalid HTTP response: \(reason)")
        case .system(let call, let code): .other("\(call) failed (errno \(code))")
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func newConnection(_ target: HTTPTarget, opener: ConnectionOpener) -> HTTPConnection {
        opened.add(1, ordering: .relaxed)
        return HTTPConnection(target: target, opener: opener, connectTimeout: connectTimeout)
    }

    private struct IdleConnection {
        var connection: HTTPConnection
        var since: ContinuousClock.Instant
    }

    /// The most recently used idle connection to `key` that is still usable; stale ones (of every host) are closed.
    private func takeIdle(_ key: String) -> HTTPConnection? {
        let oldest = ContinuousClock.now - maximumIdleTime
        let stale = idle.withLock { table -> [HTTPConnection] in
            var stale: [HTTPConnection] = []
            for (host, entries) in table where entries.contains(where: { $0.since < oldest }) {
                stale += entries.filter { $0.since < oldest }.map(\.connection)
                table[host] = entries.filter { $0.since >= oldest }
            }
            return stale
        }
        for connection in stale { connection.retire() }
        while let candidate = idle.withLock({ $0[key]?.popLast() }) {
            if candidate.connection.isReusable { return candidate.connection }
            candidate.connection.retire()
        }
        return nil
    }

    private func putIdle(_ connection: HTTPConnection) {
        let key = connection.target.poolKey
        let kept = idle.withLock { table -> Bool in
            guard table[key, default: []].count < maximumIdleConnectionsPerHost else { return false }
            table[key, default: []].append(IdleConnection(connection: connection, since: ContinuousClock.now))
            return true
        }
        if !kept { connection.retire() }
    }

    /// `POST /?query HTTP/1.1` with `Host`, the signed headers, an empty body and keep-alive.
    static func requestBytes(_ request: HTTPRequestMessage, target: HTTPTarget) throws(TransportFailure) -> [UInt8] {
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
    /// The transport `ECSClient` uses when none is given: our HTTP/1.1 client, with the proxy from the environment.
    public static func defaultTransport(configuration: ECSClientConfiguration) -> any HTTPTransport {
        HTTPClientTransport(
            connectTimeout: configuration.connectTimeout, trustedCertificatesFile: configuration.trustedCertificatesFile,
            proxy: ProxySettings.fromProcessEnvironment())
    }
}

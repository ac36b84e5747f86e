#if canImport(Glibc)
    import Glibc
#endif

/// Where the opener announces each socket it makes (so a cancellation can shut it down) and through which it closes
/// the ones it gives up on: withdrawing and closing together means a late cancellation never shuts down a descriptor
/// number the system has meanwhile handed to another connection.
protocol SocketRegistry {
    /// Records `descriptor`; false when the call was cancelled meanwhile (the descriptor is then not recorded).
    func registerSocket(_ descriptor: Int32) -> Bool
    /// Forgets and closes a recorded `descriptor`.
    func closeSocket(_ descriptor: Int32)
}

/// Opens the byte stream for a target: resolves the host, connects (directly or through the proxy's `CONNECT`
/// tunnel) and, for `https://`, runs the TLS handshake, all within one deadline.
struct ConnectionOpener: Sendable {
    var proxy: ProxySettings?
    var tlsContext: LazyTLSContext
    /// The host's addresses (the system resolver; tests put a slow one here).
    var resolve: @Sendable (_ host: String, _ port: Int) -> Result<[SocketAddress], HTTPConnection.Failure> = SocketAddress.resolve(host:port:)

    /// The host whose address a connection to `target` needs: the proxy's when it tunnels there, else the target's.
    func lookupHost(for target: HTTPTarget) -> String {
        target.usesTLS && proxy?.applies(to: target.host) == true ? proxy?.host ?? target.host : target.host
    }

    /// `registry` learns each socket as soon as it exists and closes each one given up on.
    func open(
        _ target: HTTPTarget, deadline: ContinuousClock.Instant, registry: some SocketRegistry
    ) -> Result<any ByteStream, HTTPConnection.Failure> {
        let tunnel = target.usesTLS ? proxy.flatMap { $0.applies(to: target.host) ? $0 : nil } : nil
        let descriptor: Int32
        let port = tunnel?.port ?? target.port
        switch Self.connect(to: resolve(lookupHost(for: target), port), deadline: deadline, registry: registry) {
        case .failure(let failure): return .failure(failure)
        case .success(let connected): descriptor = connected
        }
        if let tunnel, case .failure(let failure) = Self.openTunnel(descriptor, to: target, through: tunnel, deadline: deadline) {
            registry.closeSocket(descriptor)
            return .failure(failure)
        }
        guard target.usesTLS else { return .success(PlainStream(descriptor: descriptor)) }
        let context: TLSContext
        switch tlsContext.context {
        case .failure(let failure):
            registry.closeSocket(descriptor)
            return .failure(failure)
        case .success(let made): context = made
        }
        switch TLSStream.handshake(descriptor: descriptor, host: target.host, port: target.port, context: context, deadline: deadline) {
        case .success(let stream): return .success(stream)
        case .failure(let failure):
            registry.closeSocket(descriptor)
            return .failure(failure)
        }
    }

    // MARK: - TCP

    /// Connects to the first of the resolved addresses that answers; each but the last gets its share of the time left.
    static func connect(
        to resolved: Result<[SocketAddress], HTTPConnection.Failure>, deadline: ContinuousClock.Instant, registry: some SocketRegistry
    ) -> Result<Int32, HTTPConnection.Failure> {
        let addresses: [SocketAddress]
        switch resolved {
        case .failure(let failure): return .failure(failure)
        case .success(let resolved): addresses = resolved
        }
        var last: HTTPConnection.Failure = .refused
        for (index, address) in addresses.enumerated() {
            let left = addresses.count - index
            let share = left > 1 ? min(deadline, ContinuousClock.now + (deadline - ContinuousClock.now) / left) : deadline
            switch connect(to: address, deadline: share, registry: registry) {
            case .success(let descriptor): return .success(descriptor)
            case .failure(.cancelled): return .failure(.cancelled)
            case .failure(let failure): last = failure
            }
            if ContinuousClock.now >= deadline { break }
        }
        return .failure(last)
    }

    private static func connect(
        to address: SocketAddress, deadline: ContinuousClock.Instant, registry: some SocketRegistry
    ) -> Result<Int32, HTTPConnection.Failure> {
        let descriptor = socket(
            address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { return .failure(.system("socket", errno)) }
        guard registry.registerSocket(descriptor) else {
            Glibc.close(descriptor)
            return .failure(.cancelled)
        }
        var result = address.withSockaddr { Glibc.connect(descriptor, $0, $1) }
        var code = result == 0 ? 0 : errno
        if result != 0 && (code == EINPROGRESS || code == EINTR) {
            if case .failure(let failure) = waitForSocket(descriptor, events: Int32(POLLOUT), deadline: deadline) {
                registry.closeSocket(descriptor)
                return .failure(failure)
            }
            var length = socklen_t(MemoryLayout<Int32>.size)
            code = 0
            result = getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
            if result != 0 { code = errno }
        }
        if code != 0 {
            registry.closeSocket(descriptor)
            switch code {
            case ECONNREFUSED, EADDRNOTAVAIL: return .failure(.refused)
            case ENETUNREACH, EHOSTUNREACH: return .failure(.unreachable)
            default: return .failure(.system("connect", code))
            }
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .success(descriptor)
    }

    // MARK: - Proxy tunnel

    /// Sends `CONNECT host:port` and reads the proxy's answer head; anything but 2xx fails.
    static func openTunnel(
        _ descriptor: Int32, to target: HTTPTarget, through proxy: ProxySettings, deadline: ContinuousClock.Instant
    ) -> Result<Void, HTTPConnection.Failure> {
        let authority = (target.host.contains(":") ? "[\(target.host)]" : target.host) + ":\(target.port)"
        var head = "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n"
        if let authorization = proxy.authorization { head += "Proxy-Authorization: \(authorization)\r\n" }
        head += "\r\n"
        let stream = PlainStream(descriptor: descriptor)
        let written = Array(head.utf8).withUnsafeBytes { stream.write($0, deadline: deadline) }
        if case .failure = written { return .failure(.proxy("the proxy \(proxy) closed the connection")) }
        // Byte by byte, so nothing after the head (the endpoint's TLS bytes) is taken from the socket.
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while !(answer.count >= 4 && answer.suffix(4).elementsEqual([13, 10, 13, 10])) {
            guard answer.count < 16 * 1024 else { return .failure(.proxy("the proxy \(proxy) sent an over-long answer to CONNECT")) }
            switch withUnsafeMutableBytes(of: &byte, { stream.read(into: $0, deadline: deadline) }) {
            case .failure(.timedOut): return .failure(.timedOut)
            case .failure, .success(0): return .failure(.proxy("the proxy \(proxy) closed the connection during CONNECT"))
            case .success: answer.append(byte)
            }
        }
        let statusLine = String(decoding: answer.prefix { $0 != 13 }, as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            return .failure(.proxy("the proxy \(proxy) did not answer CONNECT with HTTP"))
        }
        switch status {
        case 200...299: return .success(())
        case 407: return .failure(.proxy("the proxy \(proxy) requires authentication (407); put user:password in the proxy URL"))
        default: return .failure(.proxy("the proxy \(proxy) refused CONNECT \(authority) with status \(status)"))
        }
    }
}

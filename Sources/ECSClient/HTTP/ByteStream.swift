#if canImport(Glibc)
    import Glibc
#endif

/// The bytes of one connection, plain or TLS, over a non-blocking socket. Used only by the connection's own thread.
protocol ByteStream: AnyObject {
    /// The socket, for shutting it down from another thread and for polling.
    var descriptor: Int32 { get }
    /// Writes every byte, waiting for the socket as needed until `deadline`.
    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) -> Result<Void, HTTPConnection.Failure>
    /// Reads what is available (waiting until `deadline` for at least one byte) into `into`; 0 means the peer closed.
    func read(into: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) -> Result<Int, HTTPConnection.Failure>
    /// Closes the socket (after a TLS close_notify, for TLS).
    func close()
}

/// Waits until `descriptor` is ready for `events` (`POLLIN`, `POLLOUT`), or fails with `.timedOut` at `deadline`.
func waitForSocket(_ descriptor: Int32, events: Int32, deadline: ContinuousClock.Instant) -> Result<Void, HTTPConnection.Failure> {
    while true {
        let remaining = deadline - ContinuousClock.now
        if remaining <= .zero { return .failure(.timedOut) }
        let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1
        var probe = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        let ready = poll(&probe, 1, Int32(min(milliseconds, Int64(Int32.max))))
        if ready < 0 {
            if errno == EINTR { continue }
            return .failure(.system("poll", errno))
        }
        // Errors and hang-ups count as ready: the next read or write reports them.
        if ready > 0 { return .success(()) }
    }
}

/// A plain TCP connection.
final class PlainStream: ByteStream {
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) -> Result<Void, HTTPConnection.Failure> {
        guard let base = bytes.baseAddress else { return .success(()) }
        var offset = 0
        while offset < bytes.count {
            let sent = send(descriptor, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            if sent >= 0 {
                offset += sent
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN:
                if case .failure(let failure) = waitForSocket(descriptor, events: Int32(POLLOUT), deadline: deadline) { return .failure(failure) }
            default: return .failure(.closedBeforeAnswer)
            }
        }
        return .success(())
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) -> Result<Int, HTTPConnection.Failure> {
        guard let base = buffer.baseAddress else { return .success(0) }
        // An answer is rarely there yet when asked for: waiting first saves a receive that would only say EAGAIN.
        if case .failure(let failure) = waitForSocket(descriptor, events: Int32(POLLIN), deadline: deadline) { return .failure(failure) }
        while true {
            let count = recv(descriptor, base, buffer.count, Int32(MSG_DONTWAIT))
            if count >= 0 { return .success(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN:
                if case .failure(let failure) = waitForSocket(descriptor, events: Int32(POLLIN), deadline: deadline) { return .failure(failure) }
            default: return .failure(.lost)
            }
        }
    }

    func close() { _ = Glibc.close(descriptor) }
}

import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A connected socket descriptor that is shut down or closed at most once, so a reused descriptor number is
/// never touched by mistake.
public final class SocketHandle: Sendable {
    public let fd: Int32
    private let closed = Mutex(false)

    public init(fd: Int32) { self.fd = fd }

    /// Wakes a reader blocked on the socket by ending its input (no-op once closed).
    public func shutdownReading() {
        closed.withLock { isClosed in
            if !isClosed { _ = shutdown(fd, Int32(SHUT_RD)) }
        }
    }

    /// Whether the peer closed both directions (not just its writing side); `false` once closed here.
    public func peerHasHungUp() -> Bool {
        closed.withLock { isClosed -> Bool in
            guard !isClosed else { return false }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&descriptor, 1, 0) == 1 else { return false }
            return descriptor.revents & Int16(POLLHUP | POLLERR) != 0
        }
    }

    /// Closes the descriptor once.
    public func close() {
        closed.withLock { isClosed in
            if !isClosed {
                isClosed = true
                _ = Glibc.close(fd)
            }
        }
    }
}

import Foundation
import JSONRPC
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole lines (each followed by `\n`) to a file descriptor without ever blocking the cooperative pool.
///
/// On a socket, a line is first tried with a non-blocking send on the caller's thread (the fast path); whatever
/// does not fit right away, and everything on pipes, is written by the writer's own thread, so a peer that stops
/// reading blocks only that thread. Lines never interleave and keep their order. When a write fails (the peer is
/// gone) every queued and later line is dropped, still acknowledged, and `onFailure` runs once.
public final class LineWriter: LineSink {
    /// How bytes reach the descriptor.
    public enum Kind: Sendable {
        /// `send(…, MSG_NOSIGNAL)`: no SIGPIPE when the peer is gone; non-blocking fast path.
        case socket
        /// `write(2)`: pipes, files, terminals; always via the writer thread.
        case stream
    }

    private struct Pending {
        var bytes: [UInt8]
        var onWritten: (@Sendable () -> Void)?
    }

    private struct State {
        var queue: [Pending] = []
        /// Someone (the fast path or the writer thread) is writing; others queue behind.
        var busy = false
        var closing = false
        var failed = false
    }

    private enum Decision {
        case drop, writeNow, queuedBehindWriter, wakeWriter
    }

    private let fd: Int32
    private let kind: Kind
    private let maxQueuedLines: Int?
    private let onFailure: @Sendable () -> Void
    private let onFinished: @Sendable () -> Void
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - maxQueuedLines: drop new lines beyond this many queued (for logs); `nil` keeps every line.
    ///   - onFailure: runs once when a write fails.
    ///   - onFinished: runs on the writer thread after ``close()`` once everything queued is written
    ///     (the place to close the descriptor).
    public init(
        fd: Int32, kind: Kind, name: String, maxQueuedLines: Int? = nil,
        onFailure: @escaping @Sendable () -> Void = {}, onFinished: @escaping @Sendable () -> Void = {}
    ) {
        self.fd = fd
        self.kind = kind
        self.maxQueuedLines = maxQueuedLines
        self.onFailure = onFailure
        self.onFinished = onFinished
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    public func send(_ line: [UInt8], onWritten: (@Sendable () -> Void)?) {
        var bytes = line
        bytes.append(0x0A)
        let decision = state.withLock { state -> Decision in
            if state.failed || state.closing { return .drop }
            if let limit = maxQueuedLines, state.queue.count >= limit { return .drop }
            if kind == .socket && !state.busy && state.queue.isEmpty {
                state.busy = true
                return .writeNow
            }
            state.queue.append(Pending(bytes: bytes, onWritten: onWritten))
            return state.busy ? .queuedBehindWriter : .wakeWriter
        }
        switch decision {
        case .drop: onWritten?()
        case .queuedBehindWriter: break
        case .wakeWriter: wake.signal()
        case .writeNow: writeWithoutBlocking(bytes, onWritten: onWritten)
        }
    }

    public func close() {
        state.withLock { $0.closing = true }
        wake.signal()
    }

    /// Waits until the writer thread has written everything and stopped (after ``close()``), or the deadline.
    /// - Returns: whether it finished in time.
    @discardableResult
    public func waitUntilFinished(timeout: Duration) -> Bool {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let result = finished.wait(timeout: .now() + .nanoseconds(Int(nanoseconds)))
        if result == .success { finished.signal() }
        return result == .success
    }

    // MARK: - Fast path (caller's thread)

    private func writeWithoutBlocking(_ bytes: [UInt8], onWritten: (@Sendable () -> Void)?) {
        let outcome = bytes.withUnsafeBytes { raw -> (sent: Int, failed: Bool) in
            guard let base = raw.baseAddress else { return (0, false) }
            var offset = 0
            while offset < raw.count {
                let result = Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                if result < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return (offset, false) }
                    return (offset, true)
                }
                offset += result
            }
            return (offset, false)
        }
        if outcome.failed {
            state.withLock {
                $0.failed = true
                $0.busy = false
            }
            onFailure()
            onWritten?()
            wake.signal()
            return
        }
        let complete = outcome.sent == bytes.count
        let needsWriter = state.withLock { state -> Bool in
            if !complete {
                state.queue.insert(Pending(bytes: Array(bytes[outcome.sent...]), onWritten: onWritten), at: 0)
            }
            state.busy = false
            return !state.queue.isEmpty || state.closing
        }
        if complete { onWritten?() }
        if needsWriter { wake.signal() }
    }

    // MARK: - Writer thread

    private func run() {
        var buffer: [UInt8] = []
        while true {
            wake.wait()
            while let batch = takeBatch() {
                write(batch, buffer: &buffer)
            }
            let done = state.withLock { $0.closing && $0.queue.isEmpty && !$0.busy }
            if done { break }
        }
        onFinished()
        finished.signal()
    }

    /// Everything queued, marking the writer busy; `nil` when there is nothing or the fast path is writing.
    private func takeBatch() -> [Pending]? {
        state.withLock { state -> [Pending]? in
            guard !state.busy, !state.queue.isEmpty else { return nil }
            state.busy = true
            defer { state.queue = [] }
            return state.queue
        }
    }

    private func write(_ batch: [Pending], buffer: inout [UInt8]) {
        let alreadyFailed = state.withLock { $0.failed }
        var failedNow = false
        if !alreadyFailed {
            buffer.removeAll(keepingCapacity: true)
            for pending in batch { buffer.append(contentsOf: pending.bytes) }
            failedNow = !writeAll(buffer)
            if buffer.capacity > 1 << 20 { buffer = [] }
        }
        state.withLock { state in
            state.busy = false
            if failedNow { state.failed = true }
        }
        if failedNow { onFailure() }
        for pending in batch { pending.onWritten?() }
    }

    /// Writes every byte, blocking, retrying on partial writes and EINTR; `false` when the descriptor failed.
    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let result: Int
                switch kind {
                case .socket: result = Glibc.send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                case .stream: result = Glibc.write(fd, base + offset, raw.count - offset)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += result
            }
            return true
        }
    }
}

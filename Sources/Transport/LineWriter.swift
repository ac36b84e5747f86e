import Foundation
import JSONRPC
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole lines to a file descriptor from its own thread, so a peer that stops reading blocks only that
/// thread, never the cooperative pool.
///
/// Lines queued together are written with one system call; each is followed by `\n`. When a write fails
/// (the peer is gone) every queued and later line is dropped and `onFailure` runs once.
public final class LineWriter: LineSink {
    /// How bytes reach the descriptor.
    public enum Kind: Sendable {
        /// `send(…, MSG_NOSIGNAL)`: no SIGPIPE when the peer is gone.
        case socket
        /// `write(2)`: pipes, files, terminals.
        case stream
    }

    private struct Pending {
        var line: [UInt8]
        var onWritten: (@Sendable () -> Void)?
    }

    private struct State {
        var queue: [Pending] = []
        var closing = false
        var failed = false
        var queuedBytes = 0
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
    ///   - onFailure: runs once, on the writer thread, when a write fails.
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
        let accepted = state.withLock { state -> Bool in
            if state.failed || state.closing { return false }
            if let limit = maxQueuedLines, state.queue.count >= limit { return false }
            state.queue.append(Pending(line: line, onWritten: onWritten))
            return true
        }
        if accepted { wake.signal() } else { onWritten?() }
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

    private func run() {
        var buffer: [UInt8] = []
        while true {
            wake.wait()
            let (batch, closing) = state.withLock { state -> ([Pending], Bool) in
                let batch = state.queue
                state.queue = []
                return (batch, state.closing)
            }
            if !batch.isEmpty {
                write(batch, buffer: &buffer)
            }
            if closing && state.withLock({ $0.queue.isEmpty }) { break }
        }
        onFinished()
        finished.signal()
    }

    private func write(_ batch: [Pending], buffer: inout [UInt8]) {
        let alreadyFailed = state.withLock { $0.failed }
        if !alreadyFailed {
            buffer.removeAll(keepingCapacity: true)
            for pending in batch {
                buffer.append(contentsOf: pending.line)
                buffer.append(0x0A)
            }
            if !writeAll(buffer) {
                state.withLock { $0.failed = true }
                onFailure()
            }
            if buffer.capacity > 1 << 20 { buffer = [] }
        }
        for pending in batch { pending.onWritten?() }
    }

    /// Writes every byte, retrying on partial writes and EINTR; `false` when the descriptor failed.
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

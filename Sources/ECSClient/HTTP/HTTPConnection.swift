import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One kept-alive HTTP/1.1 connection (plain or TLS), with the one thread that does its blocking I/O.
///
/// A call hands its request to the thread and waits on a continuation; the thread connects (the first time), writes,
/// reads the whole answer within the deadline and resumes the call. On a plain connection already open, the call first
/// tries a non-blocking send itself, so the request is on its way while the thread wakes up. Cancellation returns the
/// call at once and shuts the socket down, which ends any waiting step; a host name lookup, which heeds neither, runs to
/// its end while a timer answers the call at its deadline. The thread ends when the connection is retired.
final class HTTPConnection: Sendable {
    struct Answer: Sendable {
        var response: HTTPResponseMessage
        /// The server keeps the connection open and nothing extra was read: it may serve the next call.
        var keepAlive: Bool
    }

    enum Failure: Error, Sendable, Equatable {
        case refused
        case unreachable
        case hostNotFound
        case timedOut
        /// Connecting (with the proxy tunnel and TLS handshake) took longer than the connect timeout.
        case connectTimedOut
        /// The connection failed or closed before a single byte of answer arrived.
        case closedBeforeAnswer
        case lost
        case cancelled
        case tls(String)
        case proxy(String)
        case malformed(String)
        case system(String, Int32)
    }

    private struct Job {
        var request: [UInt8]
        /// Bytes of `request` the caller already sent without blocking.
        var sent: Int
        var deadline: ContinuousClock.Instant
    }

    private struct State {
        /// The socket once it exists (set by the thread, read by cancellation and the send fast path).
        var fd: Int32 = -1
        /// True once the stream is open and plain, so callers may write to `fd` themselves.
        var plainAndOpen = false
        var job: Job?
        /// The call waiting for the job's result: resumed by the thread, or at once by a cancellation (the thread may be
        /// in a step that no shutdown interrupts, such as a host name lookup, and its late result is then dropped).
        var waiter: CheckedContinuation<Result<Answer, Failure>, Never>?
        var retired = false
        var aborted = false
        var served = 0
    }

    static let maximumHeadBytes = 64 * 1024
    static let maximumBodyBytes = 256 * 1024 * 1024
    let target: HTTPTarget
    private let opener: ConnectionOpener
    private let connectTimeout: Duration
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(target: HTTPTarget, opener: ConnectionOpener, connectTimeout: Duration) {
        self.target = target
        self.opener = opener
        self.connectTimeout = connectTimeout
        let thread = Thread { [self] in run() }
        thread.name = "ecs-http"
        thread.start()
    }

    /// Sends `request` and reads the answer; fails with `.timedOut` at `deadline`, `.cancelled` when the task is.
    func exchange(_ request: [UInt8], deadline: ContinuousClock.Instant) async -> Result<Answer, Failure> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Answer, Failure>, Never>) in
                let refusal = state.withLock { state -> Failure? in
                    guard !state.retired, state.job == nil, state.waiter == nil else { return .lost }
                    if state.aborted { return .cancelled }
                    // Non-blocking (MSG_DONTWAIT), so the cooperative pool never waits; the thread sends what is left.
                    let sent = state.plainAndOpen ? Self.sendWithoutBlocking(state.fd, request) : 0
                    state.job = Job(request: request, sent: sent, deadline: deadline)
                    state.waiter = continuation
                    return nil
                }
                if let refusal { continuation.resume(returning: .failure(refusal)) } else { wake.signal() }
            }
        } onCancel: {
            abort()
        }
    }

    /// Sends what fits right away; a failure is left for the thread's own send to find and report.
    private static func sendWithoutBlocking(_ fd: Int32, _ request: [UInt8]) -> Int {
        request.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var offset = 0
            while offset < raw.count {
                let result = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                if result < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += result
            }
            return offset
        }
    }

    /// Whether an idle connection still looks usable: connected, served before, and the server has not closed it.
    var isReusable: Bool {
        let (fd, usable) = state.withLock { ($0.fd, $0.fd >= 0 && !$0.retired && !$0.aborted && $0.served > 0) }
        guard usable else { return false }
        var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&probe, 1, 0) == 0
    }

    /// Ends the thread and closes the socket; call once the connection is not in use.
    func retire() {
        state.withLock { $0.retired = true }
        wake.signal()
    }

    private func abort() {
        let waiter = state.withLock { state in
            state.aborted = true
            if state.fd >= 0 { shutdown(state.fd, Int32(SHUT_RDWR)) }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: .failure(.cancelled))
    }

    // MARK: - The connection's thread

    private func run() {
        // OpenSSL writes with write(2), which raises SIGPIPE on a closed socket; on this thread it stays blocked
        // (and so harmless) whatever the host program does with the signal.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        var stream: (any ByteStream)?
        var buffer: [UInt8] = []
        while true {
            wake.wait()
            let (job, retired) = state.withLock { state in
                defer { state.job = nil }
                return (state.job, state.retired)
            }
            if let job {
                let result = perform(job, stream: &stream, buffer: &buffer)
                let waiter = state.withLock { state in
                    if case .success = result { state.served += 1 }
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume(returning: result)
            } else if retired {
                break
            }
        }
        state.withLock { state in
            state.fd = -1
            state.plainAndOpen = false
        }
        stream?.close()
    }

    private func perform(_ job: Job, stream: inout (any ByteStream)?, buffer: inout [UInt8]) -> Result<Answer, Failure> {
        if state.withLock({ $0.aborted }) { return .failure(.cancelled) }
        let open: any ByteStream
        if let stream {
            open = stream
        } else {
            let connectDeadline = min(job.deadline, ContinuousClock.now + connectTimeout)
            let expiry = Self.connectTimedOut(connectDeadline < job.deadline)
            // A host name lookup heeds no deadline: a timer answers the call when it runs past it.
            let watchdog = DispatchWorkItem { [self] in
                let waiter = state.withLock { state in
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume(returning: .failure(expiry))
            }
            if SocketAddress.needsLookup(opener.lookupHost(for: target)) {
                let left = connectDeadline - ContinuousClock.now
                let nanoseconds = max(0, left.components.seconds * 1_000_000_000 + left.components.attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds)), execute: watchdog)
            }
            let opened = opener.open(target, deadline: connectDeadline, registry: self)
            watchdog.cancel()
            switch opened {
            case .failure(let failure):
                if state.withLock({ $0.aborted }) { return .failure(.cancelled) }
                if failure == .timedOut { return .failure(expiry) }
                return .failure(failure)
            case .success(let made):
                let aborted = state.withLock { state in
                    state.fd = made.descriptor
                    state.plainAndOpen = made is PlainStream
                    return state.aborted
                }
                stream = made
                if aborted { return .failure(.cancelled) }
                open = made
            }
        }
        // A call already answered (cancelled, or timed out during the lookup) sends nothing.
        if state.withLock({ $0.waiter == nil }) { return .failure(.cancelled) }
        buffer.removeAll(keepingCapacity: true)
        let result = Self.roundTrip(open, request: job.request, from: job.sent, deadline: job.deadline, buffer: &buffer)
        if buffer.capacity > 1 << 20 { buffer = [] }
        if case .failure = result, state.withLock({ $0.aborted }) { return .failure(.cancelled) }
        return result
    }

    /// The failure of a connect that ran out of time: its own timeout, or the call's when that came first.
    private static func connectTimedOut(_ ownTimeoutFirst: Bool) -> Failure { ownTimeoutFirst ? .connectTimedOut : .timedOut }

    /// Writes the request from byte `from` on and reads one whole answer into `buffer` (left holding the raw bytes read).
    static func roundTrip(
        _ stream: any ByteStream, request: [UInt8], from: Int, deadline: ContinuousClock.Instant, buffer: inout [UInt8]
    ) -> Result<Answer, Failure> {
        let written = request.withUnsafeBytes { raw in
            stream.write(UnsafeRawBufferPointer(rebasing: raw[min(from, raw.count)...]), deadline: deadline)
        }
        if case .failure(let failure) = written { return .failure(failure) }
        var parser = HTTPAnswerParser()
        let chunk = 64 * 1024
        while true {
            switch parser.parse(buffer) {
            case .failure(let failure): return .failure(failure)
            case .success(let answer?): return .success(answer)
            case .success(nil): break
            }
            let read = withUnsafeTemporaryAllocation(byteCount: chunk, alignment: 1) { scratch -> Result<Int, Failure> in
                let result = stream.read(into: scratch, deadline: deadline)
                if case .success(let count) = result, count > 0, let base = scratch.baseAddress {
                    buffer.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count))
                }
                return result
            }
            switch read {
            case .failure(.lost): return .failure(buffer.isEmpty ? .closedBeforeAnswer : .lost)
            case .failure(let failure): return .failure(failure)
            case .success(0):
                if buffer.isEmpty { return .failure(.closedBeforeAnswer) }
                switch parser.finish(buffer) {
                case .success(let answer?): return .success(answer)
                case .success(nil): return .failure(.lost)
                case .failure(let failure): return .failure(failure)
                }
            case .success: break
            }
            if buffer.count > maximumHeadBytes + maximumBodyBytes { return .failure(.malformed("answer too large")) }
        }
    }
}

extension HTTPConnection: SocketRegistry {
    func registerSocket(_ descriptor: Int32) -> Bool {
        state.withLock { state in
            guard !state.aborted else { return false }
            state.fd = descriptor
            return true
        }
    }

    /// Under the lock `abort` shuts sockets down with, so it never reaches the number once closed.
    func closeSocket(_ descriptor: Int32) {
        state.withLock { state in
            if state.fd == descriptor { state.fd = -1 }
            _ = Glibc.close(descriptor)
        }
    }
}

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One kept-alive HTTP/1.1 connection to a loopback host, with the one thread that does its blocking I/O.
///
/// A call hands its request to the thread and waits on a continuation; the thread connects (the first time), writes,
/// reads the whole answer within the deadline and resumes the call. On a connection already open, the call first tries
/// a non-blocking send itself, so the request is on its way while the thread wakes up. Cancellation shuts the socket down, which ends
/// any blocking step at once. The thread ends when the connection is retired.
final class LoopbackConnection: Sendable {
    struct Answer: Sendable {
        var response: HTTPResponseMessage
        /// The server keeps the connection open and nothing extra was read: it may serve the next call.
        var keepAlive: Bool
    }

    enum Failure: Error, Sendable, Equatable {
        case refused
        case timedOut
        /// The connection failed or closed before a single byte of answer arrived.
        case closedBeforeAnswer
        case lost
        case cancelled
        case malformed(String)
        case system(String, Int32)
    }

    private struct Job {
        var request: [UInt8]
        /// Bytes of `request` the caller already sent without blocking.
        var sent: Int
        var deadline: ContinuousClock.Instant
        var complete: @Sendable (Result<Answer, Failure>) -> Void
    }

    private struct State {
        var fd: Int32 = -1
        var job: Job?
        var retired = false
        var aborted = false
        var served = 0
    }

    static let maximumHeadBytes = 64 * 1024
    static let maximumBodyBytes = 256 * 1024 * 1024
    let target: LoopbackTarget
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(target: LoopbackTarget) {
        self.target = target
        let thread = Thread { [self] in run() }
        thread.name = "ecs-loopback-http"
        thread.start()
    }

    /// Sends `request` and reads the answer; fails with `.timedOut` at `deadline`, `.cancelled` when the task is.
    func exchange(_ request: [UInt8], deadline: ContinuousClock.Instant) async -> Result<Answer, Failure> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Answer, Failure>, Never>) in
                let accepted = state.withLock { state -> Bool in
                    guard !state.retired, state.job == nil else { return false }
                    // Non-blocking (MSG_DONTWAIT), so the cooperative pool never waits; the thread sends what is left.
                    let sent = state.fd >= 0 && !state.aborted ? Self.sendWithoutBlocking(state.fd, request) : 0
                    state.job = Job(
                        request: request, sent: sent, deadline: deadline, complete: { continuation.resume(returning: $0) })
                    return true
                }
                if accepted { wake.signal() } else { continuation.resume(returning: .failure(.lost)) }
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
        state.withLock { state in
            state.aborted = true
            if state.fd >= 0 { shutdown(state.fd, Int32(SHUT_RDWR)) }
        }
    }

    // MARK: - The connection's thread

    private func run() {
        var buffer: [UInt8] = []
        while true {
            wake.wait()
            let (job, retired) = state.withLock { state in
                defer { state.job = nil }
                return (state.job, state.retired)
            }
            if let job {
                let result = perform(job, buffer: &buffer)
                if case .success = result { state.withLock { $0.served += 1 } }
                job.complete(result)
            } else if retired {
                break
            }
        }
        let fd = state.withLock { state in
            defer { state.fd = -1 }
            return state.fd
        }
        if fd >= 0 { close(fd) }
    }

    private func perform(_ job: Job, buffer: inout [UInt8]) -> Result<Answer, Failure> {
        var (fd, aborted) = state.withLock { ($0.fd, $0.aborted) }
        if aborted { return .failure(.cancelled) }
        if fd < 0 {
            switch connect() {
            case .failure(let failure): return .failure(failure)
            case .success(let connected):
                aborted = state.withLock { state in
                    if !state.aborted { state.fd = connected }
                    return state.aborted
                }
                if aborted {
                    close(connected)
                    return .failure(.cancelled)
                }
                fd = connected
            }
        }
        buffer.removeAll(keepingCapacity: true)
        let result = Self.roundTrip(fd: fd, request: job.request, from: job.sent, deadline: job.deadline, buffer: &buffer)
        if buffer.capacity > 1 << 20 { buffer = [] }
        if case .failure = result, state.withLock({ $0.aborted }) { return .failure(.cancelled) }
        return result
    }

    private func connect() -> Result<Int32, Failure> {
        let candidates: [(family: Int32, address: String)]
        switch target.host {
        case "localhost": candidates = [(AF_INET, "127.0.0.1"), (AF_INET6, "::1")]
        case let host where host.contains(":"): candidates = [(AF_INET6, host)]
        default: candidates = [(AF_INET, target.host)]
        }
        var last: Failure = .refused
        for candidate in candidates {
            switch Self.connect(family: candidate.family, address: candidate.address, port: target.port) {
            case .success(let fd): return .success(fd)
            case .failure(let failure): last = failure
            }
        }
        return .failure(last)
    }

    private static func connect(family: Int32, address: String, port: Int) -> Result<Int32, Failure> {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.system("socket", errno)) }
        var result: Int32 = -1
        if family == AF_INET6 {
            var address6 = sockaddr_in6()
            address6.sin6_family = sa_family_t(AF_INET6)
            address6.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, address, &address6.sin6_addr) == 1 else {
                close(fd)
                return .failure(.system("inet_pton", EINVAL))
            }
            result = withUnsafePointer(to: &address6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address4 = sockaddr_in()
            address4.sin_family = sa_family_t(AF_INET)
            address4.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, address, &address4.sin_addr) == 1 else {
                close(fd)
                return .failure(.system("inet_pton", EINVAL))
            }
            result = withUnsafePointer(to: &address4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        if result != 0 {
            let code = errno
            close(fd)
            return .failure(code == ECONNREFUSED || code == EADDRNOTAVAIL ? .refused : .system("connect", code))
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .success(fd)
    }

    /// Writes the request from byte `from` on and reads one whole answer into `buffer` (left holding the raw bytes read).
    static func roundTrip(fd: Int32, request: [UInt8], from: Int, deadline: ContinuousClock.Instant, buffer: inout [UInt8])
        -> Result<Answer, Failure>
    {
        let written = request.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return 0 }
            var offset = from
            while offset < raw.count {
                let sent = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += sent
            }
            return 0
        }
        if written != 0 { return .failure(.closedBeforeAnswer) }
        var parser = HTTPAnswerParser()
        let chunk = 64 * 1024
        while true {
            switch parser.parse(buffer) {
            case .failure(let failure): return .failure(failure)
            case .success(let answer?): return .success(answer)
            case .success(nil): break
            }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return .failure(.timedOut) }
            let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1
            var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&probe, 1, Int32(min(milliseconds, Int64(Int32.max))))
            if ready < 0 {
                if errno == EINTR { continue }
                return .failure(.system("poll", errno))
            }
            if ready == 0 { continue }
            var count = 0
            var readError: Int32 = 0
            withUnsafeTemporaryAllocation(byteCount: chunk, alignment: 1) { scratch in
                guard let base = scratch.baseAddress else { return }
                count = read(fd, base, chunk)
                if count < 0 { readError = errno } else { buffer.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count)) }
            }
            if count < 0 {
                if readError == EINTR || readError == EAGAIN { continue }
                return .failure(buffer.isEmpty ? .closedBeforeAnswer : .lost)
            }
            if count == 0 {
                if buffer.isEmpty { return .failure(.closedBeforeAnswer) }
                switch parser.finish(buffer) {
                case .success(let answer?): return .success(answer)
                case .success(nil): return .failure(.lost)
                case .failure(let failure): return .failure(failure)
                }
            }
            if buffer.count > maximumHeadBytes + maximumBodyBytes { return .failure(.malformed("answer too large")) }
        }
    }
}

import Synchronization

/// Lines received from a stream, awaited one at a time with a timeout.
public final class LineInbox: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<[UInt8]?, Never>
    }
    private struct State {
        var lines: [[UInt8]] = []
        var head = 0
        var ended = false
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var pending: [UInt8] = []
        var totalLines = 0
        /// Waiters whose timeout fired before they were registered.
        var expired: Set<Int> = []
    }
    private let state = Mutex(State())

    public init() {}

    /// Appends raw bytes; every `\n` completes a line.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        var resumptions: [(CheckedContinuation<[UInt8]?, Never>, [UInt8])] = []
        state.withLock { state in
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                state.pending.append(contentsOf: bytes[start..<index])
                state.lines.append(state.pending)
                state.totalLines += 1
                state.pending = []
                start = index + 1
            }
            state.pending.append(contentsOf: bytes[start..<bytes.count])
            while !state.waiters.isEmpty && state.head < state.lines.count {
                let waiter = state.waiters.removeFirst()
                resumptions.append((waiter.continuation, state.lines[state.head]))
                state.head += 1
            }
            compact(&state)
        }
        for (continuation, line) in resumptions { continuation.resume(returning: line) }
    }

    /// Marks the end of the stream; waiters get `nil`.
    public func finish() {
        let waiters = state.withLock { state -> [Waiter] in
            state.ended = true
            if !state.pending.isEmpty {
                state.lines.append(state.pending)
                state.pending = []
            }
            var remaining: [Waiter] = []
            while !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                if state.head < state.lines.count {
                    let line = state.lines[state.head]
                    state.head += 1
                    waiter.continuation.resume(returning: line)
                } else {
                    remaining.append(waiter)
                }
            }
            return remaining
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// Whether the stream has ended.
    public var hasEnded: Bool { state.withLock { $0.ended } }

    /// Lines received so far, including ones already taken.
    public var receivedLineCount: Int { state.withLock { $0.totalLines } }

    /// Takes the next line without waiting, if one is there.
    public func poll() -> [UInt8]? {
        state.withLock { state in
            guard state.head < state.lines.count else { return nil }
            defer {
                state.head += 1
                compact(&state)
            }
            return state.lines[state.head]
        }
    }

    /// The next line (without `\n`); throws on timeout or end of stream.
    public func next(timeout: Duration, what: String = "a line") async throws -> [UInt8] {
        if let line = poll() { return line }
        let id = state.withLock { state -> Int in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let line: [UInt8]? = await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { cancelWaiter(id) }
            }
            let line = await withCheckedContinuation { continuation in
                let immediate = state.withLock { state -> [UInt8]?? in
                    if state.head < state.lines.count {
                        defer { state.head += 1 }
                        return .some(state.lines[state.head])
                    }
                    if state.ended || state.expired.remove(id) != nil { return .some(nil) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
            group.cancelAll()
            return line
        }
        if let line { return line }
        if let line = poll() { return line }
        throw hasEnded ? TestSupportError.endOfStream(waitingFor: what) : TestSupportError.timedOut(waitingFor: what)
    }

    private func cancelWaiter(_ id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                state.expired.insert(id)
                return nil
            }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }

    private func compact(_ state: inout State) {
        if state.head > 1024 && state.head * 2 > state.lines.count {
            state.lines.removeFirst(state.head)
            state.head = 0
        }
    }
}

import Synchronization

/// Fires once (signal, stdin EOF) and wakes whoever waits for the reason.
final class ShutdownTrigger: Sendable {
    private struct State {
        var reason: String?
        var waiters: [CheckedContinuation<String, Never>] = []
    }
    private let state = Mutex(State())

    /// Fires with `reason`; later calls return `false` and change nothing.
    @discardableResult
    func fire(_ reason: String) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<String, Never>]? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            defer { state.waiters = [] }
            return state.waiters
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: reason) }
        return true
    }

    /// Whether it has fired.
    var hasFired: Bool { state.withLock { $0.reason != nil } }

    /// Waits until fired; returns the reason.
    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let reason = state.withLock { state -> String? in
                if let reason = state.reason { return reason }
                state.waiters.append(continuation)
                return nil
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }
}

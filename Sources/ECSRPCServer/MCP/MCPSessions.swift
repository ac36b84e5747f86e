import JSONRPC
import Synchronization

/// What ecsrpc remembers per connection for MCP: the handshake (2025-11-25 clients), the log level they set, and
/// which of their `tools/call` requests are in flight or were cancelled with `notifications/cancelled`.
///
/// 2026-07-28 requests carry everything in `_meta` and need none of it except cancellation. An entry of a
/// handshake-era connection stays after the connection closes (the backbone has no close hook for method
/// providers); it is a few dozen bytes.
final class MCPSessions: Sendable {
    struct Session: Sendable {
        /// The revision agreed with `initialize`, if the client opened with it.
        var handshakeVersion: String?
        /// Set by `logging/setLevel`; `nil`: no log notifications.
        var logLevel: MCPLogLevel?
        /// `tools/call` requests running now.
        var toolCalls: Set<RequestID> = []
        /// Running `tools/call` requests the client cancelled, with when: they get no answer.
        var withheld: [RequestID: ContinuousClock.Instant] = [:]

        var isEmpty: Bool { handshakeVersion == nil && logLevel == nil && toolCalls.isEmpty && withheld.isEmpty }
    }

    private let sessions = Mutex<[Int: Session]>([:])

    func session(_ connection: Int) -> Session {
        sessions.withLock { $0[connection] ?? Session() }
    }

    func update(_ connection: Int, _ change: (inout Session) -> Void) {
        sessions.withLock { all in
            var session = all[connection] ?? Session()
            change(&session)
            all[connection] = session
        }
    }

    /// A `tools/call` started.
    func begin(_ id: RequestID, connection: Int) {
        update(connection) { $0.toolCalls.insert(id) }
    }

    /// A `tools/call` ended; when the client cancelled it with `notifications/cancelled`, the time it did.
    func end(_ id: RequestID, connection: Int) -> ContinuousClock.Instant? {
        sessions.withLock { all in
            guard var session = all[connection] else { return nil }
            session.toolCalls.remove(id)
            let cancelledAt = session.withheld.removeValue(forKey: id)
            // Keep only what a later request needs (stateless 2026-07-28 clients leave nothing behind).
            all[connection] = session.isEmpty ? nil : session
            return cancelledAt
        }
    }

    /// Marks a running `tools/call` as cancelled by its client; `false` when no such call runs.
    func withhold(_ id: RequestID, connection: Int) -> Bool {
        sessions.withLock { all in
            guard var session = all[connection], session.toolCalls.contains(id) else { return false }
            session.withheld[id] = .now
            all[connection] = session
            return true
        }
    }
}

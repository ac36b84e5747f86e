import CTLS
import Synchronization

/// The last TLS session of each endpoint (host and port), so a new connection resumes it: one round trip less and no
/// certificate chain to send and check again. Sessions come only from handshakes that verified the endpoint.
final class TLSSessionCache: Sendable {
    /// One reference to an `SSL_SESSION`, owned by the cache (sessions are reference-counted and thread-safe).
    private struct Stored: @unchecked Sendable {
        let session: OpaquePointer
    }

    /// Endpoints remembered at most; the table is emptied when full (a full handshake is the only cost).
    static let capacity = 64
    private let sessions = Mutex<[String: Stored]>([:])

    deinit {
        for stored in sessions.withLock({ Array($0.values) }) { SSL_SESSION_free(stored.session) }
    }

    /// Offers the remembered session of `key` to `connection` before its handshake (OpenSSL takes its own reference).
    func offer(to connection: OpaquePointer, key: String) {
        sessions.withLock { table in
            if let stored = table[key] { SSL_set_session(connection, stored.session) }
        }
    }

    /// Keeps `session` (whose reference the cache now owns) as the one to resume for `key`.
    func remember(_ session: OpaquePointer, key: String) {
        let dropped = sessions.withLock { table -> [Stored] in
            var dropped: [Stored] = []
            if table[key] == nil, table.count >= Self.capacity {
                dropped = Array(table.values)
                table.removeAll()
            }
            if let previous = table.updateValue(Stored(session: session), forKey: key) { dropped.append(previous) }
            return dropped
        }
        for stored in dropped { SSL_SESSION_free(stored.session) }
    }

    var count: Int { sessions.withLock { $0.count } }
}

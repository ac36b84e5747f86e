import JSONRPC
import Synchronization
import Transport

/// The open connections of a server, so shutdown can stop, drain and flush them all.
final class ConnectionHub: Sendable {
    struct Entry: Sendable {
        let connection: RPCConnection
        let writer: LineWriter
        /// `nil` for stdio, whose descriptors are never closed.
        let socket: SocketHandle?
    }

    private struct State {
        var nextID = 1
        var entries: [Int: Entry] = [:]
    }
    private let state = Mutex(State())

    /// A fresh connection id.
    func makeID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    func add(_ entry: Entry) {
        state.withLock { $0.entries[entry.connection.info.id] = entry }
    }

    func remove(id: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    var all: [Entry] { state.withLock { Array($0.entries.values) } }

    /// Requests in flight over every connection.
    var inFlightCount: Int { all.reduce(0) { $0 + $1.connection.inFlightCount } }
}

import JSONRPC
import Synchronization

/// Lets a writer's callbacks reach the connection created after it, without keeping it alive (no cycle).
final class ConnectionBox: Sendable {
    private struct Reference {
        weak var connection: RPCConnection?
    }
    private let storage = Mutex(Reference())

    var connection: RPCConnection? {
        get { storage.withLock { $0.connection } }
        set { storage.withLock { $0.connection = newValue } }
    }
}

import JSONRPC
import Synchronization

/// Lets a writer's failure callback reach the connection created after it.
final class ConnectionBox: Sendable {
    private let storage = Mutex<RPCConnection?>(nil)
    var connection: RPCConnection? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

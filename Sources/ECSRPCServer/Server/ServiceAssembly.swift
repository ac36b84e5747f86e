import JSONRPC
import Synchronization

/// What method providers receive while the service is put together: where to register, the configuration,
/// a logger, and a way to clean up at shutdown.
public struct ServiceAssembly: Sendable {
    public let registry: MethodRegistry
    public let configuration: ServiceConfiguration
    public let logger: Logger
    let shutdownActions: ShutdownActions

    /// Runs `action` during graceful shutdown, after requests in flight were answered.
    public func onShutdown(_ action: @escaping @Sendable () async -> Void) {
        shutdownActions.add(action)
    }
}

/// Actions run once at shutdown, in registration order.
final class ShutdownActions: Sendable {
    private let actions = Mutex<[@Sendable () async -> Void]>([])

    func add(_ action: @escaping @Sendable () async -> Void) {
        actions.withLock { $0.append(action) }
    }

    func runAll() async {
        let all = actions.withLock { list in
            defer { list = [] }
            return list
        }
        for action in all { await action() }
    }
}

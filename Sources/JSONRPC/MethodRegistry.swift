import JSON
import Synchronization

/// Runs one method call: decode params, do the work, return the result (or throw).
///
/// Each call runs in its own `Task`, so `Task.isCancelled` and `try Task.checkCancellation()` work.
public typealias MethodHandler = @Sendable (Parameters, MethodContext) async throws -> JSONValue

/// Handles a notification the dispatcher must act on itself (e.g. `$/cancelRequest`).
public typealias NotificationHandler = @Sendable (Parameters, MethodContext) async -> Void

/// The table of methods a server answers, by name.
public final class MethodRegistry: Sendable {
    private struct Table {
        var methods: [String: MethodHandler] = [:]
        var notifications: [String: NotificationHandler] = [:]
    }
    private let table = Mutex(Table())

    public init() {}

    /// Registers (or replaces) the handler of `name`.
    public func register(_ name: String, _ handler: @escaping MethodHandler) {
        table.withLock { $0.methods[name] = handler }
    }

    /// Registers a handler for notifications named `name`; requests of that name still get -32601
    /// unless a method is registered too.
    public func registerNotification(_ name: String, _ handler: @escaping NotificationHandler) {
        table.withLock { $0.notifications[name] = handler }
    }

    /// The handler of `name`, if registered.
    public func handler(for name: String) -> MethodHandler? {
        table.withLock { $0.methods[name] }
    }

    /// The notification handler of `name`, if registered.
    public func notificationHandler(for name: String) -> NotificationHandler? {
        table.withLock { $0.notifications[name] }
    }

    /// Every registered method name, sorted.
    public var methodNames: [String] {
        table.withLock { $0.methods.keys.sorted() }
    }
}

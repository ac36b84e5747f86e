import JSON
import Synchronization

/// Runs one method call: decode params, do the work, return the result (or throw).
///
/// Each call runs in its own `Task`, so `Task.isCancelled` and `try Task.checkCancellation()` work.
public typealias MethodHandler = @Sendable (Parameters, MethodContext) async throws -> JSONValue

/// A method cheap enough to answer on the connection's reader thread, without a task (e.g. `ping`).
///
/// - Important: It must not block or run long: it holds up reading for its connection while it runs.
public typealias InlineMethodHandler = @Sendable (Parameters, MethodContext) throws -> JSONValue

/// Handles a notification the dispatcher must act on itself (e.g. `$/cancelRequest`).
public typealias NotificationHandler = @Sendable (Parameters, MethodContext) async -> Void

/// The table of methods a server answers, by name.
public final class MethodRegistry: Sendable {
    private struct Table {
        var methods: [String: MethodHandler] = [:]
        var inline: [String: InlineMethodHandler] = [:]
        var notifications: [String: NotificationHandler] = [:]
    }
    private let table = Mutex(Table())

    public init() {}

    /// Registers (or replaces) the handler of `name`.
    public func register(_ name: String, _ handler: @escaping MethodHandler) {
        table.withLock {
            $0.methods[name] = handler
            $0.inline[name] = nil
        }
    }

    /// Registers (or replaces) a synchronous, non-blocking handler answered without a task hop.
    ///
    /// Single requests to it run on the connection's reader thread; inside batches it runs like any method.
    public func registerInline(_ name: String, _ handler: @escaping InlineMethodHandler) {
        table.withLock {
            $0.inline[name] = handler
            $0.methods[name] = { parameters, context in try handler(parameters, context) }
        }
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

    /// The inline handler of `name`, if it was registered with ``registerInline(_:_:)``.
    public func inlineHandler(for name: String) -> InlineMethodHandler? {
        table.withLock { $0.inline[name] }
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

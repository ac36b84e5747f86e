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

/// Runs before every method handler (guardrails: read-only mode, allowed methods, confirmations); throwing
/// refuses the call with that error (e.g. `RPCError(.refusedByGuardrail, …)`).
public typealias RequestFilter = @Sendable (_ method: String, _ parameters: Parameters, _ context: MethodContext) throws -> Void

/// Handles a notification the dispatcher must act on itself (e.g. `$/cancelRequest`).
public typealias NotificationHandler = @Sendable (Parameters, MethodContext) async -> Void

/// The table of methods a server answers, by name.
///
/// Registration happens while the service is assembled; ``seal()`` then freezes the table so that every
/// lookup (one per request, from every connection's thread) is lock-free.
public final class MethodRegistry: Sendable {
    /// An immutable copy of the table.
    final class Table: Sendable {
        let methods: [String: MethodHandler]
        let inline: [String: InlineMethodHandler]
        let notifications: [String: NotificationHandler]
        let filters: [RequestFilter]

        init(
            methods: [String: MethodHandler] = [:], inline: [String: InlineMethodHandler] = [:],
            notifications: [String: NotificationHandler] = [:], filters: [RequestFilter] = []
        ) {
            self.methods = methods
            self.inline = inline
            self.notifications = notifications
            self.filters = filters
        }
    }

    private let building = Mutex(Table())
    private let sealed = AtomicLazyReference<Table>()

    public init() {}

    /// Registers (or replaces) the handler of `name`.
    public func register(_ name: String, _ handler: @escaping MethodHandler) {
        update { methods, inline, _ in
            methods[name] = handler
            inline[name] = nil
        }
    }

    /// Registers (or replaces) a synchronous, non-blocking handler answered without a task hop.
    ///
    /// Single requests to it run on the connection's reader thread; inside batches it runs like any method.
    public func registerInline(_ name: String, _ handler: @escaping InlineMethodHandler) {
        update { methods, inline, _ in
            inline[name] = handler
            methods[name] = { parameters, context in try handler(parameters, context) }
        }
    }

    /// Registers a handler for notifications named `name`; requests of that name still get -32601
    /// unless a method is registered too.
    public func registerNotification(_ name: String, _ handler: @escaping NotificationHandler) {
        update { _, _, notifications in notifications[name] = handler }
    }

    /// Adds a filter run, in the order added, before every method handler (inline ones included).
    public func addFilter(_ filter: @escaping RequestFilter) {
        assert(!isSealed, "filters must be added before the registry is sealed")
        guard !isSealed else { return }
        building.withLock { table in
            table = Table(
                methods: table.methods, inline: table.inline, notifications: table.notifications,
                filters: table.filters + [filter])
        }
    }

    /// The filters, in order.
    public var filters: [RequestFilter] { table.filters }

    /// Freezes the table: lookups become lock-free; later registrations are a programming error (ignored).
    public func seal() {
        _ = sealed.storeIfNil(building.withLock { $0 })
    }

    /// Whether ``seal()`` was called.
    public var isSealed: Bool { sealed.load() != nil }

    /// The handler of `name`, if registered.
    public func handler(for name: String) -> MethodHandler? {
        table.methods[name]
    }

    /// The inline handler of `name`, if it was registered with ``registerInline(_:_:)``.
    public func inlineHandler(for name: String) -> InlineMethodHandler? {
        table.inline[name]
    }

    /// The notification handler of `name`, if registered.
    public func notificationHandler(for name: String) -> NotificationHandler? {
        table.notifications[name]
    }

    /// Every registered method name, sorted.
    public var methodNames: [String] {
        table.methods.keys.sorted()
    }

    private var table: Table {
        sealed.load() ?? building.withLock { $0 }
    }

    private func update(
        _ change: (inout [String: MethodHandler], inout [String: InlineMethodHandler], inout [String: NotificationHandler])
            -> Void
    ) {
        assert(!isSealed, "methods must be registered before the registry is sealed")
        guard !isSealed else { return }
        building.withLock { table in
            var methods = table.methods
            var inline = table.inline
            var notifications = table.notifications
            change(&methods, &inline, &notifications)
            table = Table(methods: methods, inline: inline, notifications: notifications, filters: table.filters)
        }
    }
}

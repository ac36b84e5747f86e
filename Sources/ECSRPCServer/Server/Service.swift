import JSONRPC

/// The assembled service: the method table (built-ins, application methods, test methods) and its dispatcher.
///
/// Transports are not part of it (see ``Server``), so tests can drive it in memory.
public final class Service: Sendable {
    public let configuration: ServiceConfiguration
    public let registry: MethodRegistry
    public let logger: Logger
    public let dispatcher: Dispatcher
    /// When the service started, for `server.info`'s uptime.
    public let startedAt: ContinuousClock.Instant
    let shutdownActions: ShutdownActions

    /// Builds the method table; application methods come from ``ApplicationMethods``.
    public init(configuration: ServiceConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        self.registry = MethodRegistry()
        self.startedAt = .now
        self.shutdownActions = ShutdownActions()
        self.dispatcher = Dispatcher(registry: registry, logger: logger, errorMapper: RPCErrorMapping.rpcError(for:))
        let assembly = ServiceAssembly(
            registry: registry, configuration: configuration, logger: logger, shutdownActions: shutdownActions)
        BuiltinMethods.register(in: registry, configuration: configuration, startedAt: startedAt)
        try await ApplicationMethods.register(in: assembly)
        if configuration.enablesTestMethods {
            TestMethods.register(in: registry)
        }
        registry.seal()
    }

    /// Runs the cleanup actions method providers registered.
    public func shutDown() async {
        await shutdownActions.runAll()
    }
}

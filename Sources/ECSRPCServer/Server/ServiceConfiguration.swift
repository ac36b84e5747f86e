import JSONRPC

/// Everything `ecsrpc serve` was asked to do: transports, limits, logging, and values other parts add.
///
/// Other modules keep their settings under their own key type (see ``ServiceConfigurationKey``), so adding a
/// flag does not mean editing this file.
public struct ServiceConfiguration: Sendable {
    /// Serve stdin/stdout.
    public var servesStdio = true
    /// Serve this Unix socket path.
    public var socketPath: String?
    /// Longest accepted line in bytes; longer ones get -32010 and are skipped.
    public var maxMessageBytes = 4 * 1024 * 1024
    /// Lines handled at once per connection before reading pauses.
    public var maxInFlightPerConnection = 128
    /// How long shutdown waits for requests in flight.
    public var shutdownTimeout: Duration = .seconds(10)
    /// Peer uids allowed besides the server's own.
    public var allowedUIDs: Set<UInt32> = []
    /// Least severe log level written to stderr.
    public var logLevel: LogLevel = .info
    /// Registers the `debug.*` methods used by tests (set by `ECSRPC_TEST_METHODS=1`).
    public var enablesTestMethods = false

    private var extensions: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    /// The value stored under `key`, or its default.
    public subscript<Key: ServiceConfigurationKey>(key: Key.Type) -> Key.Value {
        get { extensions[ObjectIdentifier(key)] as? Key.Value ?? Key.defaultValue }
        set { extensions[ObjectIdentifier(key)] = newValue }
    }

    /// The transports served, by name, as `server.info` reports them.
    public var transportNames: [String] {
        var names: [String] = []
        if servesStdio { names.append(TransportKind.stdio.rawValue) }
        if socketPath != nil { names.append(TransportKind.unixSocket.rawValue) }
        return names
    }
}

/// A typed slot in ``ServiceConfiguration`` owned by another part of the program (backend, guardrails…).
public protocol ServiceConfigurationKey {
    associatedtype Value: Sendable
    static var defaultValue: Value { get }
}

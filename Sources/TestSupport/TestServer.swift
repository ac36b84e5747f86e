import JSON

#if canImport(Glibc)
    import Glibc
#endif

/// Which transport a test talks to.
public enum ServedTransport: String, Sendable, CaseIterable, CustomStringConvertible {
    case stdio
    case socket
    public var description: String { rawValue }
}

/// A running `ecsrpc serve` for a test: over stdio, or over a socket in a fresh private directory.
public struct TestServer: Sendable {
    public let process: ServerProcess
    /// The socket path when serving a socket.
    public let socketPath: String?
    public let directory: TemporaryDirectory?

    /// Starts `ecsrpc serve` (plus `arguments`); for `.socket` it waits until the socket accepts connections.
    public static func start(
        _ transport: ServedTransport, arguments: [String] = [], environment: [String: String] = [:],
        testMethods: Bool = true
    ) async throws -> TestServer {
        switch transport {
        case .stdio:
            let process = try ServerProcess.launch(["serve"] + arguments, environment: environment, testMethods: testMethods)
            return TestServer(process: process, socketPath: nil, directory: nil)
        case .socket:
            let directory = try TemporaryDirectory()
            let path = directory.appending("ecsrpc.sock")
            let process = try ServerProcess.launch(
                ["serve", "--socket", path] + arguments, environment: environment, testMethods: testMethods)
            let server = TestServer(process: process, socketPath: path, directory: directory)
            try await server.waitUntilListening()
            return server
        }
    }

    /// Waits until the socket file exists and answers `ping`.
    public func waitUntilListening(timeout: Duration = defaultAnswerTimeout) async throws {
        guard let socketPath else { return }
        let probe = try await SocketClient.connect(path: socketPath, timeout: timeout)
        _ = try await probe.call("ping", id: "listening-probe", timeout: timeout)
        probe.disconnect()
    }

    /// A client: the process itself for stdio (call once), a new connection for a socket.
    public func connect() async throws -> any LineClient {
        if let socketPath { return try await SocketClient.connect(path: socketPath) }
        return process
    }

    /// A new socket connection (socket servers only).
    public func connectSocket() async throws -> SocketClient {
        guard let socketPath else { throw TestSupportError.unexpected("this server does not serve a socket") }
        return try await SocketClient.connect(path: socketPath)
    }

    /// Sends SIGTERM, waits for the exit status, removes the temporary directory.
    @discardableResult
    public func stop(timeout: Duration = defaultAnswerTimeout) async throws -> Int32 {
        defer { directory?.remove() }
        if process.exitStatus == nil { process.signal(SIGTERM) }
        return try await process.waitForExit(timeout: timeout)
    }
}

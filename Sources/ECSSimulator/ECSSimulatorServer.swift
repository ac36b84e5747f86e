import Foundation
import HTTPServer

/// A running simulator: engine, gateway and HTTP server on a loopback port.
///
/// In-process use (tests, `serve --simulator`):
/// `let simulator = try await ECSSimulatorServer.start(SimulatorOptions(transitionMilliseconds: 50))`
/// then call `http://\(simulator.address)` with `testid` / `testsecret`, and `await simulator.stop()`.
public final class ECSSimulatorServer: Sendable {
    /// Where it listens.
    public let address: ListeningAddress
    /// The engine, for direct inspection in tests.
    public let engine: ECSEngine
    /// The options it was started with.
    public let options: SimulatorOptions
    private let http: HTTPServer
    private let persister: StatePersister?
    private let persistTask: Task<Void, Never>?

    private init(
        address: ListeningAddress, engine: ECSEngine, options: SimulatorOptions, http: HTTPServer,
        persister: StatePersister?, persistTask: Task<Void, Never>?
    ) {
        self.address = address
        self.engine = engine
        self.options = options
        self.http = http
        self.persister = persister
        self.persistTask = persistTask
    }

    /// `host:port`, the form SDK endpoints take.
    public var endpoint: String { address.description }

    /// Starts a simulator; with `--state`, restores the file first (a corrupt file stops the start).
    public static func start(
        _ options: SimulatorOptions = SimulatorOptions(), log: (@Sendable (String) -> Void)? = nil
    ) async throws -> ECSSimulatorServer {
        let engine = ECSEngine(configuration: EngineConfiguration(transitionMilliseconds: options.transitionMilliseconds))
        var persister: StatePersister?
        if let path = options.stateFile {
            let store = StatePersister(file: StateFile(path: path), engine: engine, log: log)
            try await store.load()
            persister = store
        }
        let gateway = ECSGateway(
            engine: engine, accounts: SimulatorAccounts(options.accessKeys), settings: options.gateway,
            faults: options.faults, seed: options.seed, persister: persister,
            log: options.logRequests ? log : nil)
        var http = options.http
        if http.tls != nil {
            // Plain HTTP sent to the HTTPS port: an ECS-shaped error, so SDKs and ecsrpc show the reason.
            let error = ECSServiceError(
                code: "HTTPSRequired", message: "This simulator serves HTTPS only: use https:// (or protocol https).",
                httpStatus: 400)
            http.plainHTTPRefusal = ResponseEncoder.failure(
                error, requestID: ResponseEncoder.newRequestID(), hostID: ResponseEncoder.hostID(regionID: nil), format: .json)
        }
        let server = HTTPServer(configuration: http) { request in await gateway.handle(request) }
        let address = try server.start(host: options.host, port: options.port)
        // State also changes with time (transitions), not only with calls: save those too.
        let persistTask: Task<Void, Never>? = persister.map { store in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    await store.saveIfChanged()
                }
            }
        }
        return ECSSimulatorServer(
            address: address, engine: engine, options: options, http: server, persister: persister,
            persistTask: persistTask)
    }

    /// Stops listening, closes connections, and saves the state one last time.
    public func stop() async {
        // `HTTPServer.stop` waits briefly for its accept thread: do that wait on a thread of its own.
        let http = self.http
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                http.stop()
                continuation.resume()
            }
            thread.name = "simulator-stop"
            thread.start()
        }
        persistTask?.cancel()
        await persister?.saveIfChanged()
    }
}

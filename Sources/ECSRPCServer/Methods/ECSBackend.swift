import CredentialStore
import ECSClient
import ECSOperations
import ECSSimulator
import JSON

/// Builds the ECS client and core operations from the `serve` flags (starting the embedded simulator for
/// `--simulator`) and registers the nine ECS methods.
enum ECSBackend {
    /// - Returns: the core operations, for the agent layer's waits.
    @discardableResult
    static func register(in assembly: ServiceAssembly) async throws -> ECSOperations {
        let settings = assembly.configuration[ECSBackendSettingsKey.self]
        if settings.client.simulator && settings.client.endpoint != nil {
            throw ECSBackendError.invalidFlags("--simulator and --endpoint cannot be combined")
        }
        var fixedEndpoint = settings.client.endpoint
        if settings.client.simulator {
            var options: SimulatorOptions
            do {
                options = try SimulatorOptions.parse(arguments: settings.simulatorArguments)
            } catch {
                throw ECSBackendError.invalidFlags("embedded simulator: \(error)")
            }
            options.logRequests = false
            let simulator = try await ECSSimulatorServer.start(options)
            // Every call goes to the simulator through the same signed HTTP path as real calls.
            fixedEndpoint = try ECSEndpoint(parsing: "http://\(simulator.endpoint)")
            assembly.onShutdown { await simulator.stop() }
            assembly.logger.info("simulator.started", ["endpoint": .string("http://\(simulator.endpoint)")])
        } else if !settings.simulatorArguments.isEmpty {
            throw ECSBackendError.invalidFlags("\(settings.simulatorArguments[0]) needs --simulator")
        }
        let logger = assembly.logger
        let client = ECSClient(
            configuration: settings.client.clientConfiguration(fixedEndpoint: fixedEndpoint),
            onRetry: { event in
                let milliseconds = Int(event.delay.components.seconds * 1000 + event.delay.components.attoseconds / 1_000_000_000_000_000)
                logger.info(
                    "ecs.retry", [
                        "action": .string(event.action), "endpoint": .string(event.endpoint),
                        "attempt": .number(JSONNumber(event.attempt)), "reason": .string(event.reason),
                        "delayMs": .number(JSONNumber(milliseconds)),
                    ])
            })
        let credentialProvider = CredentialsMethods.provider(for: assembly, simulator: settings.client.simulator)
        let operations = ECSOperations(client: client, credentialProvider: .credentialStore(credentialProvider))
        ECSMethods.register(in: assembly.registry, operations: operations)
        CredentialsMethods.register(in: assembly.registry, provider: credentialProvider) { options throws(OperationError) in
            try await operations.listRegions(ListRegionsRequest(options: options))
        }
        assembly.logger.info(
            "ecs.backend", [
                "endpoint": .string(fixedEndpoint?.baseURL ?? "regional (https://ecs.<regionId>.aliyuncs.com)"),
                "signature": .string(settings.client.signatureVersion.rawValue),
                "maxRetries": .number(JSONNumber(settings.client.maxRetries)),
            ])
        return operations
    }
}

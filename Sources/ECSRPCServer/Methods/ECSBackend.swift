import CredentialStore
import ECSClient
import ECSOperations
import ECSSimulator
import JSON

#if canImport(Glibc)
    import Glibc
#endif

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
        var simulatorKey: AccessCredentials?
        if settings.client.simulator {
            var options: SimulatorOptions
            do {
                options = try SimulatorOptions.parse(arguments: settings.simulatorArguments)
            } catch {
                throw ECSBackendError.invalidFlags("embedded simulator: \(error)")
            }
            options.logRequests = false
            // Given keys replace the demo pair in the simulator, so calls without credentials use the first of them.
            simulatorKey = options.accessKeys.first.map { AccessCredentials(accessKeyId: $0.id, accessKeySecret: $0.secret) }
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
        // RamRoleArn / CredentialsURI profiles of the aliyun CLI reach STS and their URLs through the same client.
        let credentialProvider = CredentialsMethods.provider(for: assembly, simulator: settings.client.simulator)
            .with(services: .sending(through: client))
            .with(simulatorKey: simulatorKey)
        let operations = ECSOperations(client: client, credentialProvider: .credentialStore(credentialProvider))
        ECSMethods.register(in: assembly.registry, operations: operations)
        assembly.registry.addFilter(PeerEndpointGuard.filter)
        CredentialsMethods.register(in: assembly.registry, provider: credentialProvider) { options throws(OperationError) in
            try await operations.listRegions(ListRegionsRequest(options: options))
        }
        let report = backendReport(settings: settings.client, fixedEndpoint: fixedEndpoint)
        assembly.logger.info("ecs.backend", report)
        if let serverInfo = assembly.registry.handler(for: "server.info") {
            assembly.registry.register("server.info") { parameters, context in
                var info = try await serverInfo(parameters, context).objectValue ?? JSONObject()
                info["ecs"] = .object(report)
                return .object(info)
            }
        }
        return operations
    }

    /// Where calls go and how (for `server.info` and the start-up log): endpoint, simulator, signature, retries, the
    /// HTTPS proxy from the environment (never its credentials) and the extra trusted certificates.
    static func backendReport(settings: ECSClientFlags, fixedEndpoint: ECSEndpoint?) -> JSONObject {
        var report: JSONObject = [
            "endpoint": fixedEndpoint.map { .string($0.baseURL) } ?? .null,
            "simulator": .bool(settings.simulator),
            "signature": .string(settings.signatureVersion.rawValue),
            "maxRetries": .number(JSONNumber(settings.maxRetries)),
        ]
        switch ProxySettings.fromProcessEnvironment() {
        case .success(let proxy):
            report["proxy"] = proxy.map { .string($0.description) } ?? .null
        case .failure(let error):
            report["proxy"] = .null
            report["proxyProblem"] = .string(error.description)
        }
        report["caFile"] = settings.trustedCertificatesFile.map(JSONValue.string) ?? .null
        return report
    }
}

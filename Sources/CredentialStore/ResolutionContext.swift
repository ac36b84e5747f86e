/// Everything resolution looks at besides the request, gathered beforehand so the resolver itself is pure.
public struct ResolutionContext: Sendable {
    /// The server's `--profile` flag.
    public var serverProfile: String?
    /// The store's contents, or why it could not be read.
    public var store: Result<StoredCredentials, CredentialStoreError>
    /// Where the store lives, for messages.
    public var storePath: String?
    /// The process environment.
    public var environment: [String: String]
    /// The aliyun CLI file: nil when absent.
    public var aliyunCLI: Result<AliyunCLIConfiguration, AliyunConfigurationProblem>?
    /// Where the aliyun CLI file lives, for messages.
    public var aliyunCLIPath: String?
    /// Whether the server runs against its simulator (enables the demo key pair as the last resort).
    public var simulator: Bool
    /// The simulator's own first key pair when it was given keys; nil means the demo pair.
    public var simulatorKey: AccessCredentials?

    public init(
        serverProfile: String? = nil, store: Result<StoredCredentials, CredentialStoreError> = .success(.init()),
        storePath: String? = nil, environment: [String: String] = [:],
        aliyunCLI: Result<AliyunCLIConfiguration, AliyunConfigurationProblem>? = nil, aliyunCLIPath: String? = nil,
        simulator: Bool = false, simulatorKey: AccessCredentials? = nil
    ) {
        self.serverProfile = serverProfile.flatMap { $0.isEmpty ? nil : $0 }
        self.store = store
        self.storePath = storePath
        self.environment = environment
        self.aliyunCLI = aliyunCLI
        self.aliyunCLIPath = aliyunCLIPath
        self.simulator = simulator
        self.simulatorKey = simulatorKey
    }
}

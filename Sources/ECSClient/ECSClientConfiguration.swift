/// How the client signs, where it sends calls, how long it waits and how often it retries.
public struct ECSClientConfiguration: Sendable {
    public var signatureVersion: SignatureVersion
    /// Every call goes here (`serve --endpoint`, `serve --simulator`); see `EndpointResolver` for precedence.
    public var fixedEndpoint: ECSEndpoint?
    /// Every call goes to `fixedEndpoint`, whatever its own `endpoint` says (`serve --simulator`).
    public var pinsFixedEndpoint: Bool
    /// Time allowed to establish the connection; added to `readTimeout` for the per-attempt deadline.
    public var connectTimeout: Duration
    /// Time allowed for the answer once connected.
    public var readTimeout: Duration
    public var retryPolicy: RetryPolicy
    public var userAgent: String
    /// PEM certificates trusted for HTTPS besides the system's (`--ca-file`), e.g. a company proxy's root.
    public var trustedCertificatesFile: String?

    public init(
        signatureVersion: SignatureVersion = .rpcV1, fixedEndpoint: ECSEndpoint? = nil, pinsFixedEndpoint: Bool = false,
        connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(10),
        retryPolicy: RetryPolicy = RetryPolicy(), userAgent: String = "ecsrpc/1.0 (Swift; Linux)",
        trustedCertificatesFile: String? = nil
    ) {
        self.signatureVersion = signatureVersion
        self.fixedEndpoint = fixedEndpoint
        self.pinsFixedEndpoint = pinsFixedEndpoint
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.retryPolicy = retryPolicy
        self.userAgent = userAgent
        self.trustedCertificatesFile = trustedCertificatesFile
    }

    /// The deadline for one attempt.
    public var attemptTimeout: Duration { connectTimeout + readTimeout }
}

import CredentialStore

/// What every operation takes besides its own parameters: credentials, endpoint and region.
public struct CallOptions: Sendable, Hashable {
    public var credentials: CallCredentialsRequest
    /// The call's own endpoint (host or URL).
    public var endpoint: String?
    public var regionId: String?

    public init(credentials: CallCredentialsRequest = CallCredentialsRequest(), endpoint: String? = nil, regionId: String? = nil) {
        self.credentials = credentials
        self.endpoint = endpoint.flatMap { $0.isEmpty ? nil : $0 }
        self.regionId = regionId.flatMap { $0.isEmpty ? nil : $0 }
    }
}

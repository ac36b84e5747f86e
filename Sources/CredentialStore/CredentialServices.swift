import Foundation

/// What the credential layer may reach beyond files, injected so it never depends on the ECS client:
/// an STS role assumer and a URL fetcher (both wired by ECSOperations to ECSClient), the clock, and
/// the External-mode process timeout. Without them, RamRoleArn and CredentialsURI profiles report why they cannot work.
public struct CredentialServices: Sendable {
    /// Sends STS AssumeRole; returns the temporary credentials or why not.
    public typealias RoleAssumer = @Sendable (RoleAssumptionRequest) async throws(RemoteCredentialFailure) -> TemporaryCredentials
    /// GETs a URL; returns the HTTP status and body.
    public typealias URLFetcher = @Sendable (String) async throws(RemoteCredentialFailure) -> (status: Int, body: [UInt8])

    public var assumeRole: RoleAssumer?
    public var fetchURL: URLFetcher?
    public var now: @Sendable () -> Date
    /// How long an External `process_command` may run.
    public var processTimeout: Duration
    /// Fetched credentials are used until this long before they expire.
    public var refreshMargin: TimeInterval
    /// Fetched credentials without an expiration are fetched again after this long.
    public var unexpiringLifetime: TimeInterval

    public init(
        assumeRole: RoleAssumer? = nil, fetchURL: URLFetcher? = nil, now: @escaping @Sendable () -> Date = { Date() },
        processTimeout: Duration = .seconds(30), refreshMargin: TimeInterval = 300, unexpiringLifetime: TimeInterval = 900
    ) {
        self.assumeRole = assumeRole
        self.fetchURL = fetchURL
        self.now = now
        self.processTimeout = processTimeout
        self.refreshMargin = refreshMargin
        self.unexpiringLifetime = unexpiringLifetime
    }
}

/// Why a remote credential call failed, as the injected services report it (never a secret).
public enum RemoteCredentialFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service answered with an error code.
    case service(code: String, httpStatus: Int, message: String)
    /// The call could not be made or its answer was unusable.
    case unreachable(String)

    public var description: String {
        switch self {
        case .service(let code, let status, let message): "\(code) (HTTP \(status))" + (message.isEmpty ? "" : ": \(message)")
        case .unreachable(let reason): reason
        }
    }
}

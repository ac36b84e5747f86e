import Foundation

/// The outcome of the pure resolution chain: credentials ready to sign with, or an aliyun CLI profile whose
/// credentials must first be fetched (a role assumed, a process run, a URL read).
public enum CredentialPlan: Sendable, Hashable {
    case ready(ResolvedCredentials)
    case fetch(PendingAliyunCredentials)

    /// Where the credentials come (or will come) from.
    public var source: CredentialSource {
        switch self {
        case .ready(let resolved): return resolved.source
        case .fetch(let pending): return pending.source
        }
    }
}

/// An aliyun CLI profile chosen by the chain, with the region and endpoint already settled.
public struct PendingAliyunCredentials: Sendable, Hashable {
    public let profile: AliyunCLIConfiguration.Profile
    /// The whole file, for ChainableRamRoleArn's `source_profile`.
    public let configuration: AliyunCLIConfiguration
    public let source: CredentialSource
    public let regionId: String?
    public let regionSource: RegionSource?
    public let endpoint: String?

    /// The resolution once the credentials are fetched.
    public func resolved(with credentials: AccessCredentials, usableUntil: Date?) -> ResolvedCredentials {
        ResolvedCredentials(
            credentials: credentials, source: source, regionId: regionId, regionSource: regionSource, endpoint: endpoint,
            usableUntil: usableUntil)
    }
}

import Foundation

/// The outcome of resolution: credentials to sign with, where they came from, and the region and endpoint to use.
public struct ResolvedCredentials: Sendable, Hashable, CustomStringConvertible {
    public let credentials: AccessCredentials
    public let source: CredentialSource
    public let regionId: String?
    public let regionSource: RegionSource?
    public let endpoint: String?
    /// Until when fetched credentials may be used (shortly before they expire); nil for keys that do not expire.
    public let usableUntil: Date?

    public init(
        credentials: AccessCredentials, source: CredentialSource, regionId: String? = nil,
        regionSource: RegionSource? = nil, endpoint: String? = nil, usableUntil: Date? = nil
    ) {
        self.usableUntil = usableUntil
        self.credentials = credentials
        self.source = source
        self.regionId = regionId
        self.regionSource = regionSource
        self.endpoint = endpoint
    }

    public var description: String {
        var text = "credentials \(credentials.maskedAccessKeyId) from \(source)"
        if let regionId, let regionSource { text += ", region \(regionId) from \(regionSource)" }
        if let endpoint { text += ", endpoint \(endpoint)" }
        return text
    }
}

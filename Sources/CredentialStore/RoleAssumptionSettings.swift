import Foundation

/// What a RamRoleArn or ChainableRamRoleArn profile asks STS AssumeRole for.
public struct RoleAssumptionSettings: Sendable, Hashable {
    public var roleArn: String
    /// `ram_session_name`; nil means a fresh `ecsrpc-<unix time>` each time a role is assumed.
    public var sessionName: String?
    /// Already within the documented 900…43200 seconds.
    public var durationSeconds: Int
    public var externalId: String?
    /// A session policy (JSON text) narrowing the role's permissions.
    public var policy: String?
    /// `sts_endpoint`, else `sts.<sts_region>.aliyuncs.com` (`sts-vpc.` with `enable_vpc`), else `sts.aliyuncs.com`.
    public var endpoint: String

    public init(
        roleArn: String, sessionName: String?, durationSeconds: Int, externalId: String?, policy: String? = nil,
        endpoint: String
    ) {
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.externalId = externalId
        self.policy = policy
        self.endpoint = endpoint
    }

    /// STS's documented range for DurationSeconds, and its default.
    public static let durationRange = 900...43200
    public static let defaultDuration = 3600

    /// `expired_seconds` clamped to the documented range; absent or 0 means the default.
    public static func clampedDuration(_ seconds: Int?) -> Int {
        guard let seconds, seconds > 0 else { return defaultDuration }
        return min(max(seconds, durationRange.lowerBound), durationRange.upperBound)
    }

    /// The session name to send: the profile's, or `ecsrpc-<unix time>` (STS allows `[A-Za-z0-9.@_-]`, 2–64 chars).
    public func sessionName(at now: Date) -> String {
        sessionName ?? "ecsrpc-\(Int(now.timeIntervalSince1970))"
    }
}

/// One AssumeRole call, ready to sign: the settings plus the credentials that sign it.
public struct RoleAssumptionRequest: Sendable, Hashable, CustomStringConvertible {
    public var roleArn: String
    public var sessionName: String
    public var durationSeconds: Int
    public var externalId: String?
    public var policy: String?
    public var endpoint: String
    public var signer: AccessCredentials

    public init(
        roleArn: String, sessionName: String, durationSeconds: Int, externalId: String?, policy: String? = nil,
        endpoint: String, signer: AccessCredentials
    ) {
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.externalId = externalId
        self.policy = policy
        self.endpoint = endpoint
        self.signer = signer
    }

    /// The STS AssumeRole parameters (Version 2015-04-01) besides the common ones.
    public var parameters: [String: String] {
        var parameters = [
            "RoleArn": roleArn, "RoleSessionName": sessionName, "DurationSeconds": String(durationSeconds),
        ]
        if let externalId { parameters["ExternalId"] = externalId }
        if let policy { parameters["Policy"] = policy }
        return parameters
    }

    public var description: String {
        "RoleAssumptionRequest(\(roleArn) as \(sessionName) for \(durationSeconds) s at \(endpoint), signed by \(signer))"
    }
}

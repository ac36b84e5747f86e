import CredentialStore
import ECSClient
import Foundation

/// The credentials a call will be signed with, plus a region and endpoint the provider may supply (e.g. from a profile).
public struct ResolvedCallCredentials: Sendable, Equatable {
    public var credentials: ECSCredentials
    public var regionId: String?
    public var endpoint: String?
    /// Until when fetched credentials may be used; nil for keys that do not expire.
    public var usableUntil: Date?

    public init(credentials: ECSCredentials, regionId: String? = nil, endpoint: String? = nil, usableUntil: Date? = nil) {
        self.credentials = credentials
        self.usableUntil = usableUntil
        self.regionId = regionId
        self.endpoint = endpoint
    }
}

/// The seam through which operations get credentials: a closure, so the credential store can replace the
/// built-in chain without the operations knowing. `description` says where credentials come from by default.
public struct CallCredentialProvider: Sendable {
    public let description: String
    private let resolver: @Sendable (CallCredentialsRequest) async throws(OperationError) -> ResolvedCallCredentials

    public init(
        description: String,
        resolve: @escaping @Sendable (CallCredentialsRequest) async throws(OperationError) -> ResolvedCallCredentials
    ) {
        self.description = description
        self.resolver = resolve
    }

    public func resolve(_ request: CallCredentialsRequest) async throws(OperationError) -> ResolvedCallCredentials {
        try await resolver(request)
    }

    /// The simulator's well-known demo key pair.
    public static let simulatorDemoCredentials = ECSCredentials(
        accessKeyId: "testid", accessKeySecret: "testsecret", source: "simulator demo pair")

    /// The interim chain: explicit `accessKeyId`/`accessKeySecret` (+ `securityToken`), then the
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID`/`…_SECRET`/`…_SECURITY_TOKEN` environment, then `fallback` (the simulator's demo pair).
    public static func basic(
        environment: [String: String] = ProcessInfo.processInfo.environment, fallback: ECSCredentials? = nil
    ) -> CallCredentialProvider {
        let description = "parameters, then environment" + (fallback.map { ", then \($0.source)" } ?? "")
        return CallCredentialProvider(description: description) { request throws(OperationError) in
            if let id = request.accessKeyId, let secret = request.accessKeySecret {
                let credentials = ECSCredentials(
                    accessKeyId: id, accessKeySecret: secret, securityToken: request.securityToken, source: "parameters")
                return ResolvedCallCredentials(credentials: credentials)
            }
            if request.accessKeyId != nil || request.accessKeySecret != nil {
                let (missing, given) = request.accessKeyId == nil ? ("accessKeyId", "accessKeySecret") : ("accessKeySecret", "accessKeyId")
                throw .invalidParameter(name: missing, problem: "is required when \(given) is given")
            }
            if let id = environment["ALIBABA_CLOUD_ACCESS_KEY_ID"], !id.isEmpty,
                let secret = environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"], !secret.isEmpty
            {
                let token = environment["ALIBABA_CLOUD_SECURITY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
                let credentials = ECSCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: token, source: "environment")
                return ResolvedCallCredentials(
                    credentials: credentials,
                    regionId: environment["ALIBABA_CLOUD_REGION_ID"].flatMap { $0.isEmpty ? nil : $0 })
            }
            if let fallback { return ResolvedCallCredentials(credentials: fallback) }
            throw .noCredentials(
                "pass accessKeyId and accessKeySecret, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        }
    }
}

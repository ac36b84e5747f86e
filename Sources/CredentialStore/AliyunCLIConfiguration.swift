import Foundation

/// The aliyun CLI's `~/.aliyun/config.json`, read (never written) so users' existing profiles just work.
/// Only the fields we use are read; see `AliyunCLIConfiguration.Profile.recipe()` for the modes that give credentials.
public struct AliyunCLIConfiguration: Sendable, Hashable {
    /// One profile of the CLI file.
    public struct Profile: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        /// The mode as written (may be empty or differently cased); see `effectiveMode`.
        public let mode: String
        let accessKeyId: String?
        let accessKeySecret: String?
        let securityToken: String?
        public let regionId: String?
        public let endpoint: String?
        let ramRoleArn: String?
        let ramRoleName: String?
        let roleSessionName: String?
        let sourceProfile: String?
        let expiredSeconds: Int?
        let externalId: String?
        let stsRegion: String?
        let stsEndpoint: String?
        let processCommand: String?
        let credentialsURI: String?
        let policy: String?
        let enableVPC: Bool

        init(
            name: String, mode: String, accessKeyId: String? = nil, accessKeySecret: String? = nil,
            securityToken: String? = nil, regionId: String? = nil, endpoint: String? = nil, ramRoleArn: String? = nil,
            ramRoleName: String? = nil, roleSessionName: String? = nil, sourceProfile: String? = nil,
            expiredSeconds: Int? = nil, externalId: String? = nil, stsRegion: String? = nil, stsEndpoint: String? = nil,
            processCommand: String? = nil, credentialsURI: String? = nil, policy: String? = nil, enableVPC: Bool = false
        ) {
            self.policy = policy
            self.enableVPC = enableVPC
            self.name = name
            self.mode = mode
            self.accessKeyId = accessKeyId
            self.accessKeySecret = accessKeySecret
            self.securityToken = securityToken
            self.regionId = regionId
            self.endpoint = endpoint
            self.ramRoleArn = ramRoleArn
            self.ramRoleName = ramRoleName
            self.roleSessionName = roleSessionName
            self.sourceProfile = sourceProfile
            self.expiredSeconds = expiredSeconds
            self.externalId = externalId
            self.stsRegion = stsRegion
            self.stsEndpoint = stsEndpoint
            self.processCommand = processCommand
            self.credentialsURI = credentialsURI
        }

        /// The modes the CLI knows, in its spelling; a mode is matched case-insensitively, as the CLI does.
        static let knownModes = [
            "AK", "StsToken", "RamRoleArn", "EcsRamRole", "RsaKeyPair", "RamRoleArnWithRoleName", "ChainableRamRoleArn",
            "External", "CredentialsURI", "OIDC", "CloudSSO", "OAuth", "BearerToken", "Anonymous",
        ]

        /// The modes that give ecsrpc credentials.
        public static let supportedModes = ["AK", "StsToken", "RamRoleArn", "ChainableRamRoleArn", "External", "CredentialsURI"]

        /// The mode in the CLI's spelling; an empty mode is inferred from the fields set, as the CLI does.
        public var effectiveMode: String {
            if !mode.isEmpty {
                return Self.knownModes.first { $0.caseInsensitiveCompare(mode) == .orderedSame } ?? mode
            }
            if accessKeyId != nil && accessKeySecret != nil {
                if securityToken != nil { return "StsToken" }
                return ramRoleArn != nil ? "RamRoleArn" : "AK"
            }
            if ramRoleName != nil { return "EcsRamRole" }
            if processCommand != nil { return "External" }
            if credentialsURI != nil { return "CredentialsURI" }
            return "AK"
        }

        /// How this profile's credentials are obtained, or a value-free reason they cannot be.
        public func recipe() -> Result<AliyunCredentialRecipe, AliyunProfileProblem> {
            let mode = effectiveMode
            func keys(requireToken: Bool) -> Result<AccessCredentials, AliyunProfileProblem> {
                guard let accessKeyId else { return .failure(.missingField(profile: name, field: "access_key_id")) }
                guard let accessKeySecret else { return .failure(.missingField(profile: name, field: "access_key_secret")) }
                if requireToken, securityToken == nil { return .failure(.missingField(profile: name, field: "sts_token")) }
                return .success(
                    AccessCredentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret, securityToken: securityToken))
            }
            switch mode {
            case "AK":
                return keys(requireToken: false).map {
                    .fixed(AccessCredentials(accessKeyId: $0.accessKeyId, accessKeySecret: $0.accessKeySecret))
                }
            case "StsToken":
                return keys(requireToken: true).map { .fixed($0) }
            case "RamRoleArn":
                guard let settings = roleSettings() else { return .failure(.missingField(profile: name, field: "ram_role_arn")) }
                return keys(requireToken: false).map { .assumeRole(settings, signer: .keys($0)) }
            case "ChainableRamRoleArn":
                guard let sourceProfile else { return .failure(.missingField(profile: name, field: "source_profile")) }
                guard let settings = roleSettings() else { return .failure(.missingField(profile: name, field: "ram_role_arn")) }
                return .success(.assumeRole(settings, signer: .sourceProfile(sourceProfile)))
            case "External":
                guard let processCommand else { return .failure(.missingField(profile: name, field: "process_command")) }
                return .success(.external(command: processCommand))
            case "CredentialsURI":
                guard let credentialsURI else { return .failure(.missingField(profile: name, field: "credentials_uri")) }
                return .success(.credentialsURI(credentialsURI))
            case "EcsRamRole", "RamRoleArnWithRoleName":
                return .failure(.instanceMetadataRefused(profile: name, mode: mode))
            default:
                return .failure(.unsupportedMode(profile: name, mode: mode))
            }
        }

        /// The credentials of an AK or StsToken profile; otherwise a reason they cannot be used without fetching.
        public func credentials() -> Result<AccessCredentials, AliyunProfileProblem> {
            switch recipe() {
            case .success(.fixed(let credentials)): return .success(credentials)
            case .success: return .failure(.needsFetching(profile: name, mode: effectiveMode))
            case .failure(let problem): return .failure(problem)
            }
        }

        private func roleSettings() -> RoleAssumptionSettings? {
            guard let ramRoleArn else { return nil }
            // As Alibaba's credentials library: sts_endpoint, else sts[-vpc].<sts_region>.aliyuncs.com, else the central one.
            let prefix = enableVPC ? "sts-vpc" : "sts"
            let endpoint = stsEndpoint ?? stsRegion.map { "\(prefix).\($0).aliyuncs.com" } ?? "sts.aliyuncs.com"
            return RoleAssumptionSettings(
                roleArn: ramRoleArn, sessionName: roleSessionName,
                durationSeconds: RoleAssumptionSettings.clampedDuration(expiredSeconds), externalId: externalId,
                policy: policy, endpoint: endpoint)
        }

        public var description: String { "AliyunCLIConfiguration.Profile(\(name), mode \(effectiveMode))" }
    }

    public let current: String?
    public let profiles: [Profile]

    /// The profile named by `ALIBABA_CLOUD_PROFILE` (or its other spellings), else `current`, else "default".
    public func selectedProfileName(environment: [String: String]) -> String {
        if let name = EnvironmentNames.first(EnvironmentNames.profile, in: environment) { return name }
        if let current, !current.isEmpty { return current }
        return "default"
    }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// `$HOME/.aliyun/config.json`, or nil without HOME.
    public static func path(environment: [String: String]) -> String? {
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.aliyun/config.json"
    }

    /// Reads the file: nil when absent, `.failure` with a value-free reason when unreadable.
    public static func load(path: String) -> Result<AliyunCLIConfiguration, AliyunConfigurationProblem>? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.unreadable(path: path, reason: "cannot be read"))
        }
        return parse(Array(data), path: path)
    }

    /// Parses the file's bytes.
    public static func parse(_ bytes: [UInt8], path: String) -> Result<AliyunCLIConfiguration, AliyunConfigurationProblem> {
        do {
            let file = try JSONDecoder().decode(FileForm.self, from: Data(bytes))
            let profiles = (file.profiles ?? []).compactMap { entry -> Profile? in
                guard let name = entry.name, !name.isEmpty else { return nil }
                return Profile(
                    name: name, mode: entry.mode ?? "", accessKeyId: nonEmpty(entry.access_key_id),
                    accessKeySecret: nonEmpty(entry.access_key_secret), securityToken: nonEmpty(entry.sts_token),
                    regionId: nonEmpty(entry.region_id), endpoint: nonEmpty(entry.endpoint),
                    ramRoleArn: nonEmpty(entry.ram_role_arn), ramRoleName: nonEmpty(entry.ram_role_name),
                    roleSessionName: nonEmpty(entry.ram_session_name), sourceProfile: nonEmpty(entry.source_profile),
                    expiredSeconds: entry.expired_seconds?.value, externalId: nonEmpty(entry.external_id),
                    stsRegion: nonEmpty(entry.sts_region), stsEndpoint: nonEmpty(entry.sts_endpoint),
                    processCommand: nonEmpty(entry.process_command), credentialsURI: nonEmpty(entry.credentials_uri),
                    policy: nonEmpty(entry.policy), enableVPC: entry.enable_vpc?.value ?? false)
            }
            return .success(AliyunCLIConfiguration(current: file.current, profiles: profiles))
        } catch {
            return .failure(.unreadable(path: path, reason: "not the aliyun CLI's JSON format"))
        }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    // The CLI's snake_case field names, all optional: newer files omit empty fields.
    private struct FileForm: Decodable {
        var current: String?
        var profiles: [ProfileForm]?
    }

    private struct ProfileForm: Decodable {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        var name: String?
        var mode: String?
        var access_key_id: String?
        var access_key_secret: String?
        var sts_token: String?
        var region_id: String?
        var endpoint: String?
        var ram_role_arn: String?
        var ram_role_name: String?
        var ram_session_name: String?
        var source_profile: String?
        var expired_seconds: LenientInteger?
        var external_id: String?
        var sts_region: String?
        var sts_endpoint: String?
        var process_command: String?
        var credentials_uri: String?
        var policy: String?
        var enable_vpc: LenientBool?
    }

    /// `true`/`false`, or the strings "true"/"false"; anything else counts as absent.
    private struct LenientBool: Decodable {
        var value: Bool?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                value = flag
            } else if let text = try? container.decode(String.self) {
                value = text.lowercased() == "true" ? true : (text.lowercased() == "false" ? false : nil)
            } else {
                value = nil
            }
        }
    }

    /// A number the CLI writes as an integer; a string of digits is accepted too, anything else counts as absent.
    private struct LenientInteger: Decodable {
        var value: Int?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                value = number
            } else if let text = try? container.decode(String.self) {
                value = Int(text)
            } else {
                value = nil
            }
        }
    }
}

/// Why the aliyun CLI file as a whole could not be used.
public enum AliyunConfigurationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path) \(reason)"
        }
    }
}

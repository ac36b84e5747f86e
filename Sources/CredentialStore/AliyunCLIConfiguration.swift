import Foundation

/// The aliyun CLI's `~/.aliyun/config.json`, read (never written) so users' existing profiles just work.
/// Only the fields we use are read; modes AK and StsToken give credentials, other modes are reported unsupported.
public struct AliyunCLIConfiguration: Sendable, Hashable {
    /// One profile of the CLI file.
    public struct Profile: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public let mode: String
        let accessKeyId: String?
        let accessKeySecret: String?
        let securityToken: String?
        public let regionId: String?
        public let endpoint: String?

        /// The credentials of an AK or StsToken profile; otherwise a reason they cannot be used (no secret in it).
        public func credentials() -> Result<AccessCredentials, AliyunProfileProblem> {
            let effectiveMode = mode.isEmpty ? (securityToken != nil ? "StsToken" : "AK") : mode
            guard effectiveMode == "AK" || effectiveMode == "StsToken" else {
                return .failure(.unsupportedMode(profile: name, mode: effectiveMode))
            }
            guard let accessKeyId else { return .failure(.missingField(profile: name, field: "access_key_id")) }
            guard let accessKeySecret else {
                return .failure(.missingField(profile: name, field: "access_key_secret"))
            }
            if effectiveMode == "StsToken", securityToken == nil {
                return .failure(.missingField(profile: name, field: "sts_token"))
            }
            return .success(
                AccessCredentials(
                    accessKeyId: accessKeyId, accessKeySecret: accessKeySecret,
                    securityToken: effectiveMode == "StsToken" ? securityToken : nil))
        }

        public var description: String { "AliyunCLIConfiguration.Profile(\(name), mode \(mode))" }
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
                    regionId: nonEmpty(entry.region_id), endpoint: nonEmpty(entry.endpoint))
            }
            return .success(AliyunCLIConfiguration(current: file.current, profiles: profiles))
        } catch {
            return .failure(.unreadable(path: path, reason: "not the aliyun CLI's JSON format"))
        }
    }

    private static func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }

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

/// Why one aliyun CLI profile could not give credentials.
public enum AliyunProfileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case unsupportedMode(profile: String, mode: String)
    case missingField(profile: String, field: String)

    public var description: String {
        switch self {
        case .unsupportedMode(let profile, let mode):
            return "profile '\(profile)' uses mode \(mode); only AK and StsToken are supported"
        case .missingField(let profile, let field): return "profile '\(profile)' has no \(field)"
        }
    }
}

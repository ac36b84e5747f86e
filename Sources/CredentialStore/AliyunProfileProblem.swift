/// Why one aliyun CLI profile could not give credentials; messages name the profile, never a secret.
public enum AliyunProfileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case unsupportedMode(profile: String, mode: String)
    /// EcsRamRole reads the ECS instance-metadata service, which ecsrpc never contacts.
    case instanceMetadataRefused(profile: String, mode: String)
    case missingField(profile: String, field: String)
    /// A RamRoleArn, ChainableRamRoleArn, External or CredentialsURI profile met where nothing may be fetched.
    case needsFetching(profile: String, mode: String)
    /// No role assumer / URL fetcher was given to the credential provider.
    case fetchingUnavailable(profile: String, mode: String)
    case sourceProfileNotFound(profile: String, sourceProfile: String)
    /// ChainableRamRoleArn profiles that lead back to themselves, in order.
    case sourceProfileCycle(chain: [String])
    case externalProcessFailed(profile: String, reason: String)
    /// STS refused AssumeRole: its error code and HTTP status (never the request, which carries a signature).
    case roleAssumptionRefused(profile: String, code: String, httpStatus: Int, message: String)
    /// AssumeRole could not be sent or its answer was unusable.
    case roleAssumptionFailed(profile: String, reason: String)
    case credentialsURIRefused(profile: String, reason: String)
    case credentialsURIFailed(profile: String, reason: String)

    /// The profile the problem is about (for a cycle, the first of the chain).
    public var profile: String {
        switch self {
        case .unsupportedMode(let profile, _), .instanceMetadataRefused(let profile, _), .missingField(let profile, _),
            .needsFetching(let profile, _), .fetchingUnavailable(let profile, _), .sourceProfileNotFound(let profile, _),
            .externalProcessFailed(let profile, _), .roleAssumptionRefused(let profile, _, _, _),
            .roleAssumptionFailed(let profile, _), .credentialsURIRefused(let profile, _),
            .credentialsURIFailed(let profile, _):
            return profile
        case .sourceProfileCycle(let chain): return chain.first ?? ""
        }
    }

    public var description: String {
        switch self {
        case .unsupportedMode(let profile, let mode):
            return "profile '\(profile)' uses mode \(mode); supported modes are "
                + AliyunCLIConfiguration.Profile.supportedModes.joined(separator: ", ")
        case .instanceMetadataRefused(let profile, let mode):
            return "profile '\(profile)' uses mode \(mode), which reads the ECS instance-metadata service; "
                + "ecsrpc never contacts it (use RamRoleArn, External or CredentialsURI instead)"
        case .missingField(let profile, let field): return "profile '\(profile)' has no \(field)"
        case .needsFetching(let profile, let mode):
            return "profile '\(profile)' uses mode \(mode), whose credentials must be fetched"
        case .fetchingUnavailable(let profile, let mode):
            return "profile '\(profile)' uses mode \(mode), but nothing can fetch its credentials here"
        case .sourceProfileNotFound(let profile, let source):
            return "profile '\(profile)' names source_profile '\(source)', which does not exist"
        case .sourceProfileCycle(let chain):
            return "source_profile cycle: " + chain.map { "'\($0)'" }.joined(separator: " -> ")
        case .externalProcessFailed(let profile, let reason):
            return "profile '\(profile)': process_command \(reason)"
        case .roleAssumptionRefused(let profile, let code, let status, let message):
            return "profile '\(profile)': STS AssumeRole failed with \(code) (HTTP \(status))"
                + (message.isEmpty ? "" : ": \(message)")
        case .roleAssumptionFailed(let profile, let reason):
            return "profile '\(profile)': STS AssumeRole failed: \(reason)"
        case .credentialsURIRefused(let profile, let reason):
            return "profile '\(profile)': credentials_uri \(reason)"
        case .credentialsURIFailed(let profile, let reason):
            return "profile '\(profile)': credentials_uri \(reason)"
        }
    }
}

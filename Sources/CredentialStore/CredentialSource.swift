/// How a profile came to be chosen.
public enum ProfileSelection: String, Sendable, Hashable {
    case parameter = "the profile parameter"
    case serverFlag = "the server's --profile flag"
    case storeDefault = "the store's default profile"
}

/// Where resolved credentials came from; `description` is the short name `server.info` shows.
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    case parameters
    case profile(name: String, selectedBy: ProfileSelection)
    case environment
    /// An aliyun CLI profile and its mode, e.g. `aliyun-cli:dev (RamRoleArn)`.
    case aliyunCLI(profile: String, mode: String)
    case simulatorDemo
    /// The first key pair given to the embedded simulator (`--access-key`, `--access-keys-file`).
    case simulatorKey

    public var description: String {
        switch self {
        case .parameters: return "parameters"
        case .profile(let name, _): return "profile:\(name)"
        case .environment: return "environment"
        case .aliyunCLI(let profile, let mode): return "aliyun-cli:\(profile) (\(mode))"
        case .simulatorDemo: return "simulator-demo"
        case .simulatorKey: return "simulator-key"
        }
    }
}

/// Where the resolved region came from.
public enum RegionSource: Sendable, Hashable, CustomStringConvertible {
    case parameter
    case profile(name: String)
    case environment
    case aliyunCLI(profile: String)

    public var description: String {
        switch self {
        case .parameter: return "parameter"
        case .profile(let name): return "profile:\(name)"
        case .environment: return "environment"
        case .aliyunCLI(let profile): return "aliyun-cli:\(profile)"
        }
    }
}

import ECSClient

/// The ECS backend's `serve` settings: the client's flags and, for `--simulator`, the embedded simulator's flags.
public struct ECSBackendSettings: Sendable {
    public var client = ECSClientFlags()
    /// Simulator flags given to `serve` (`--transition-ms 50`, `--fault …`), used with `--simulator`.
    public var simulatorArguments: [String] = []

    public init() {}
}

/// Where `serve` keeps the ECS backend's settings in the service configuration.
public enum ECSBackendSettingsKey: ServiceConfigurationKey {
    public static let defaultValue = ECSBackendSettings()
}

/// A combination of backend flags that cannot work.
public enum ECSBackendError: Error, Sendable, CustomStringConvertible {
    case invalidFlags(String)

    public var description: String {
        switch self {
        case .invalidFlags(let reason): reason
        }
    }
}

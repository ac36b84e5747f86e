import JSONRPC

/// `ecsrpc serve --profile NAME`: the stored profile calls use when they name none (before the store's default).
public enum CredentialsServerProfile: ServiceConfigurationKey {
    public static let defaultValue: String? = nil
}

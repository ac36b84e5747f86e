/// The HTTPS proxy from the environment, as ``ProxySettings`` reads it, but refusing a URL whose user or password
/// holds an unencoded `/`: read naively, the text before that `/` would become the proxy's host and port, and so a
/// piece of the password would be shown in `server.info`, logs and errors (and the call sent to a wrong host).
public enum ProxyEnvironment {
    /// The variables read, in order; the first set and non-empty one is used (as ``ProxySettings`` does).
    static let variables = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]

    /// The proxy to use, `nil` for none, or why the setting cannot be used (never quoting it).
    public static func settings(_ variable: (String) -> String?) -> Result<ProxySettings?, ProxySettingsError> {
        for name in variables {
            guard let value = variable(name), !value.isEmpty else { continue }
            if holdsSlashInCredentials(value) {
                return .failure(
                    .unsupported(variable: name, reason: "its user or password holds an unencoded '/'; percent-encode it as %2F"))
            }
            break
        }
        do throws(ProxySettingsError) {
            return .success(try ProxySettings.fromEnvironment(variable))
        } catch {
            return .failure(error)
        }
    }

    /// Whether an `@` comes after the first `/` of the authority: the `/` then belongs to the user information.
    static func holdsSlashInCredentials(_ url: String) -> Bool {
        var rest = Substring(url)
        if let schemeEnd = rest.range(of: "://") { rest = rest[schemeEnd.upperBound...] }
        guard let slash = rest.firstIndex(of: "/") else { return false }
        return rest[slash...].contains("@")
    }
}

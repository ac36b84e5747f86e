import ECSSignature

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTPS proxy from the environment (`https_proxy`, `HTTPS_PROXY`, then `all_proxy`, `ALL_PROXY`), reached with
/// `CONNECT`, and the hosts that bypass it (`no_proxy`, `NO_PROXY`). Loopback hosts never use it.
///
/// Only `http://` proxies are supported (the tunnel itself is TLS to the endpoint); credentials in the URL are sent as
/// `Proxy-Authorization: Basic` and never shown.
public struct ProxySettings: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The `Proxy-Authorization` value, when the URL carries credentials.
    var authorization: String?
    /// `no_proxy` entries, lower-cased: `*`, host names (matching themselves and their subdomains), addresses.
    public var bypass: [String]

    /// Reads the environment; `nil` when no proxy is set.
    public static func fromEnvironment(_ environment: [String: String]) throws(ProxySettingsError) -> ProxySettings? {
        try fromEnvironment { environment[$0] }
    }

    /// The proxy of this process's environment, `nil` for none, or why the setting cannot be used (never quoting it).
    public static func fromProcessEnvironment() -> Result<ProxySettings?, ProxySettingsError> {
        do throws(ProxySettingsError) {
            return .success(try fromEnvironment { getenv($0).map { String(cString: $0) } })
        } catch {
            return .failure(error)
        }
    }

    /// Reads the variables through `variable` (e.g. `getenv`); `nil` when no proxy is set.
    public static func fromEnvironment(_ variable: (String) -> String?) throws(ProxySettingsError) -> ProxySettings? {
        let names = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        guard let (name, value) = names.compactMap({ name in variable(name).map { (name, $0) } }).first(where: { !$0.1.isEmpty })
        else { return nil }
        let noProxy = variable("no_proxy") ?? variable("NO_PROXY") ?? ""
        return try ProxySettings(url: value, variable: name, noProxy: noProxy)
    }

    init(url text: String, variable: String, noProxy: String) throws(ProxySettingsError) {
        var rest = Substring(text.trimmed(of: " \t"))
        if let schemeEnd = rest.range(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "http" else { throw .unsupported(variable: variable, reason: "only http:// proxies are supported, not \(scheme)://") }
            rest = rest[schemeEnd.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") {
            // An `@` after the first `/` means the `/` is in the user information: read naively, the text before it
            // would become host and port, showing a piece of the password in server.info, logs and errors.
            guard !rest[slash...].contains("@") else {
                throw .unsupported(variable: variable, reason: "its user or password holds an unencoded '/'; percent-encode it as %2F")
            }
            rest = rest[..<slash]
        }
        var authorization: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let user = Self.percentDecoded(credentials.first.map(String.init) ?? "")
            let password = credentials.count > 1 ? Self.percentDecoded(String(credentials[1])) : ""
            authorization = "Basic " + Digest.base64(Array("\(user):\(password)".utf8))
            rest = rest[rest.index(after: at)...]
        }
        var host = rest
        var port = 80
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else { throw .unsupported(variable: variable, reason: "bad port") }
                port = value
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let value = Int(rest[rest.index(after: colon)...]), (1...65535).contains(value) else {
                throw .unsupported(variable: variable, reason: "bad port")
            }
            port = value
        }
        guard !host.isEmpty, ECSEndpoint.isValidHost(String(host)) else { throw .unsupported(variable: variable, reason: "no proxy host") }
        self.host = host.lowercased()
        self.port = port
        self.authorization = authorization
        self.bypass = noProxy.split(separator: ",").map { String($0).trimmed(of: " \t").lowercased() }.filter { !$0.isEmpty }
    }

    /// Whether calls to `host` go through the proxy.
    public func applies(to host: String) -> Bool {
        let host = host.lowercased()
        if ECSEndpoint.isLoopback(host) { return false }
        for entry in bypass {
            if entry == "*" { return false }
            var name = Substring(entry)
            if name.hasPrefix("*.") { name = name.dropFirst(1) }
            if name.hasPrefix(".") { name = name.dropFirst() }
            if host == name || host.hasSuffix("." + name) { return false }
        }
        return true
    }

    /// `http://host:port`, without credentials.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }

    private static func percentDecoded(_ text: String) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A proxy variable that cannot be used.
public enum ProxySettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupported(variable: String, reason: String)

    public var description: String {
        switch self {
        case .unsupported(let variable, let reason): "\(variable) cannot be used: \(reason)"
        }
    }
}

extension String {
    fileprivate func trimmed(of characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

import Foundation

/// Where an ECS call goes: scheme, host and optional port (the path is always `/`).
public struct ECSEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?

    /// Parses a host (`ecs.cn-beijing.aliyuncs.com`, `127.0.0.1:9000`) or a URL (`https://…`, `http://127.0.0.1:9000`).
    /// A bare host means HTTPS, except loopback hosts, which mean plain HTTP; `http://` is refused for non-loopback hosts.
    public init(parsing text: String) throws(ECSClientError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidEndpoint(text, reason: "empty") }
        let hasScheme = trimmed.contains("://")
        guard let components = URLComponents(string: hasScheme ? trimmed : "placeholder://" + trimmed),
            let host = components.host, !host.isEmpty
        else { throw .invalidEndpoint(text, reason: "expected a host name or an http(s) URL") }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
            components.path.isEmpty || components.path == "/"
        else { throw .invalidEndpoint(text, reason: "only a scheme, host and port are allowed") }
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        guard Self.isValidHost(bareHost) else { throw .invalidEndpoint(text, reason: "invalid host name") }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalidEndpoint(text, reason: "port out of range")
        }
        let loopback = Self.isLoopback(bareHost)
        let scheme: String
        if hasScheme {
            scheme = (components.scheme ?? "").lowercased()
            guard scheme == "https" || scheme == "http" else {
                throw .invalidEndpoint(text, reason: "scheme must be https (or http for a loopback host)")
            }
            if scheme == "http" && !loopback {
                throw .invalidEndpoint(text, reason: "plain http is only allowed to loopback hosts; use https")
            }
        } else {
            scheme = loopback ? "http" : "https"
        }
        self.init(scheme: scheme, host: bareHost.lowercased(), port: components.port)
    }

    init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// An HTTPS endpoint on the default port.
    public static func https(host: String) -> ECSEndpoint { ECSEndpoint(scheme: "https", host: host, port: nil) }

    /// The `Host` header value: host, plus `:port` when one is given.
    public var authority: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(shownHost):\($0)" } ?? shownHost
    }

    /// The base URL text, e.g. `https://ecs.cn-beijing.aliyuncs.com`.
    public var baseURL: String { "\(scheme)://\(authority)" }

    public var description: String { baseURL }

    /// True for `127.0.0.0/8`, `::1` and `localhost`.
    public var isLoopback: Bool { Self.isLoopback(host) }

    /// True for Alibaba Cloud's own endpoint names (`*.aliyuncs.com`).
    public var isAlibabaCloudHost: Bool { host == "aliyuncs.com" || host.hasSuffix(".aliyuncs.com") }

    static func isLoopback(_ host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "::1" || lower == "0:0:0:0:0:0:0:1" { return true }
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.count <= 253 else { return false }
        if host.contains(":") { return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        return host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
            && !host.hasPrefix(".") && !host.hasPrefix("-")
    }
}

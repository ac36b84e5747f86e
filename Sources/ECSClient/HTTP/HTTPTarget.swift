/// An `http://` or `https://` URL split for the HTTP client: where to connect and what to put in the request line.
struct HTTPTarget: Sendable, Hashable {
    /// True for `https://`.
    var usesTLS: Bool
    /// The host without brackets, lower-cased.
    var host: String
    var port: Int
    /// The `Host` header value, as written in the URL.
    var authority: String
    /// The request target: path (at least `/`) and query.
    var pathAndQuery: String

    /// Connections to one scheme, host and port are interchangeable.
    var poolKey: String { (usesTLS ? "https://" : "http://") + authority.lowercased() }

    /// `nil` for anything but a well-formed `http://` or `https://` URL without user information.
    init?(url: String) {
        let lower = url.prefix(8).lowercased()
        let schemeLength: Int
        if lower.hasPrefix("https://") {
            usesTLS = true
            schemeLength = 8
        } else if lower.hasPrefix("http://") {
            usesTLS = false
            schemeLength = 7
        } else {
            return nil
        }
        let rest = url.dropFirst(schemeLength)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = Substring(authority)
        }
        guard !host.isEmpty, !host.utf8.contains(where: { $0 <= 32 || $0 >= 127 }) else { return nil }
        let port: Int
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            port = usesTLS ? 443 : 80
        }
        var path = String(rest[authorityEnd...])
        if let fragment = path.firstIndex(of: "#") { path = String(path[..<fragment]) }
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        self.host = host.lowercased()
        self.port = port
        self.authority = authority
        self.pathAndQuery = path
    }

    /// True for `127.0.0.0/8`, `::1` and `localhost`: never sent through a proxy.
    var isLoopback: Bool { ECSEndpoint.isLoopback(host) }
}

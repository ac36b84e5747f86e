/// A plain `http://` URL whose host is loopback (`127.0.0.0/8`, `::1`, `localhost`), split for the raw HTTP client.
struct LoopbackTarget: Sendable, Hashable {
    /// The host without brackets, lower-cased.
    var host: String
    var port: Int
    /// The `Host` header value, as written in the URL.
    var authority: String
    /// The request target: path (at least `/`) and query.
    var pathAndQuery: String

    /// `nil` for anything but `http://` to a loopback host (those go to URLSession).
    init?(url: String) {
        let scheme = "http://"
        guard url.utf8.count > scheme.utf8.count, url.lowercased().hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
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
        let port: Int
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            port = 80
        }
        let lowerHost = host.lowercased()
        guard ECSEndpoint.isLoopback(lowerHost) else { return nil }
        var path = String(rest[authorityEnd...])
        if let fragment = path.firstIndex(of: "#") { path = String(path[..<fragment]) }
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        self.host = lowerHost
        self.port = port
        self.authority = authority
        self.pathAndQuery = path
    }
}

/// The address a server listens on.
public struct ListeningAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `http`, or `https` for a server wrapping its connections in TLS.
    public var scheme: String

    public init(host: String, port: Int, scheme: String = "http") {
        self.host = host
        self.port = port
        self.scheme = scheme
    }

    /// `host:port`, with IPv6 hosts in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `http://host:port` (or `https://`).
    public var url: String { "\(scheme)://\(description)" }
}

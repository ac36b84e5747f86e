/// Limits and timeouts of an `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
    /// Largest request line plus headers accepted; larger gets 431 and the connection closed.
    public var maximumHeadBytes: Int
    /// Largest Content-Length accepted; larger gets 413 and the connection closed.
    public var maximumBodyBytes: Int
    /// Connections served at once; further ones get 503 and are closed.
    public var maximumConnections: Int
    /// Seconds a connection may stay silent (between or inside requests) before it is closed.
    public var idleTimeoutSeconds: Int
    /// Bytes asked of each `recv`; tests use tiny values to exercise buffering.
    public var readChunkBytes: Int
    /// Serve HTTPS with this certificate and key (every connection starts with a TLS handshake); nil serves plain HTTP.
    public var tls: TLSServerIdentity?
    /// With `tls`: the plain-HTTP answer to a client that sent plain HTTP to the HTTPS port (then the connection closes).
    public var plainHTTPRefusal: HTTPResponse

    public init(
        maximumHeadBytes: Int = 16 * 1024, maximumBodyBytes: Int = 1024 * 1024,
        maximumConnections: Int = 256, idleTimeoutSeconds: Int = 60, readChunkBytes: Int = 64 * 1024,
        tls: TLSServerIdentity? = nil,
        plainHTTPRefusal: HTTPResponse = .text(400, "this port speaks HTTPS: use https:// (a plain HTTP request was sent)")
    ) {
        self.maximumHeadBytes = maximumHeadBytes
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumConnections = maximumConnections
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.readChunkBytes = readChunkBytes
        self.tls = tls
        self.plainHTTPRefusal = plainHTTPRefusal
    }
}

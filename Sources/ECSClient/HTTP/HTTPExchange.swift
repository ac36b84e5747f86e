/// One HTTP request as the client sends it (method, full URL, headers; the body is always empty for ECS RPC calls).
public struct HTTPRequestMessage: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]

    public init(method: String, url: String, headers: [String: String]) {
        self.method = method
        self.url = url
        self.headers = headers
    }
}

/// One HTTP response: status, headers with lower-cased names, raw body bytes.
public struct HTTPResponseMessage: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }
}

/// The seam between the ECS client and the network: ``HTTPClientTransport`` in production, a fake in tests.
public protocol HTTPTransport: Sendable {
    /// Sends one request and waits at most `timeout` for the whole answer.
    func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage
}

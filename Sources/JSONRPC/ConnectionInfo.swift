/// How a client reached the server.
public enum TransportKind: String, Sendable, Hashable {
    case stdio
    case unixSocket = "unix-socket"
    case inMemory = "in-memory"
}

/// Who is on the other end of a connection.
public struct ConnectionInfo: Sendable, Hashable {
    /// Unique within the server's lifetime.
    public var id: Int
    public var transport: TransportKind
    /// The peer's uid from SO_PEERCRED (Unix sockets only).
    public var peerUID: UInt32?
    /// The peer's pid from SO_PEERCRED (Unix sockets only).
    public var peerPID: Int32?

    public init(id: Int, transport: TransportKind, peerUID: UInt32? = nil, peerPID: Int32? = nil) {
        self.id = id
        self.transport = transport
        self.peerUID = peerUID
        self.peerPID = peerPID
    }
}

/// Why a Unix socket could not be served.
public enum UnixSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path does not fit `sun_path` (107 bytes).
    case pathTooLong(path: String, limit: Int)
    /// Another server is listening on the path; it is left alone.
    case inUse(path: String)
    /// Something that is not a socket is at the path; it is left alone.
    case notASocket(path: String)
    /// The directory for the socket could not be created or used.
    case directory(path: String, SystemError)
    /// A system call failed.
    case system(path: String, SystemError)

    public var description: String {
        switch self {
        case .pathTooLong(let path, let limit):
            "socket path is too long (\(path.utf8.count) bytes, the limit is \(limit)): \(path)"
        case .inUse(let path):
            "another ecsrpc server is already listening on \(path); stop it first or choose another --socket path"
        case .notASocket(let path):
            "\(path) exists and is not a socket; refusing to replace it"
        case .directory(let path, let error):
            "cannot prepare the socket directory \(path): \(error)"
        case .system(let path, let error):
            "cannot serve \(path): \(error)"
        }
    }
}

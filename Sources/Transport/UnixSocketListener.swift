import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A listening Unix socket: created mode 0600 in a directory created 0700, stale files replaced, live ones kept.
public final class UnixSocketListener: Sendable {
    /// The socket file's path.
    public let path: String
    private let fd: Int32
    private let stopped = Mutex(false)

    /// What binding found at the path before it listened.
    public enum Preparation: Sendable, Hashable {
        case fresh
        /// A socket file nobody listened on was removed.
        case replacedStale
    }

    /// What binding found at the path.
    public let preparation: Preparation

    /// Binds and listens on `path`; the socket file is created 0600.
    public init(path: String, backlog: Int32 = 128) throws(UnixSocketError) {
        self.path = path
        var address = try UnixSocketAddress(path: path)
        try Self.prepareDirectory(for: path)
        preparation = try Self.clearStaleSocket(at: path)

        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw .system(path: path, SystemError("socket", errno: errno)) }
        // On Linux the socket file takes the unbound socket's mode (less the umask): 0600 from the first instant,
        // without touching the process umask, which other threads' file creation depends on.
        _ = fchmod(socketFD, 0o600)
        let bound = address.withSocketAddress { bind(socketFD, $0, $1) }
        let bindErrno = errno
        guard bound == 0 else {
            _ = Glibc.close(socketFD)
            if bindErrno == EADDRINUSE { throw .inUse(path: path) }
            throw .system(path: path, SystemError("bind", errno: bindErrno))
        }
        guard chmod(path, 0o600) == 0, listen(socketFD, backlog) == 0 else {
            let failure = SystemError("listen", errno: errno)
            _ = Glibc.close(socketFD)
            unlink(path)
            throw .system(path: path, failure)
        }
        fd = socketFD
    }

    /// Accepts connections on a dedicated thread until ``stop()``; `handle` receives each new descriptor.
    public func startAccepting(_ handle: @escaping @Sendable (Int32) -> Void) {
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                        usleep(10_000)
                        continue
                    }
                    break
                }
                if isStopped {
                    _ = Glibc.close(client)
                    break
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                handle(client)
            }
        }
        thread.name = "socket-accept"
        thread.start()
    }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { stopped.withLock { $0 } }

    /// Stops accepting, closes the listening socket and removes the socket file.
    public func stop() {
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        guard first else { return }
        unlink(path)
        // shutdown wakes a thread blocked in accept(2) on Linux.
        _ = shutdown(fd, Int32(SHUT_RDWR))
        _ = Glibc.close(fd)
    }

    /// Creates the socket's directory (and missing parents) with mode 0700.
    static func prepareDirectory(for path: String) throws(UnixSocketError) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        var missing: [String] = []
        var current = directory
        var info = stat()
        while !current.isEmpty && current != "/" && stat(current, &info) != 0 {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for created in missing.reversed() {
            if mkdir(created, 0o700) != 0 && errno != EEXIST {
                throw .directory(path: created, SystemError("mkdir", errno: errno))
            }
            _ = chmod(created, 0o700)
        }
    }

    /// Removes a socket file no server listens on; refuses a live socket or a non-socket.
    static func clearStaleSocket(at path: String) throws(UnixSocketError) -> Preparation {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .fresh }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else { throw .notASocket(path: path) }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw .system(path: path, SystemError("socket", errno: errno)) }
        defer { _ = Glibc.close(probe) }
        var address = try UnixSocketAddress(path: path)
        let connected = address.withSocketAddress { connect(probe, $0, $1) }
        if connected == 0 { throw .inUse(path: path) }
        let connectErrno = errno
        guard connectErrno == ECONNREFUSED else {
            throw .system(path: path, SystemError("connect", errno: connectErrno))
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw .system(path: path, SystemError("unlink", errno: errno))
        }
        return .replacedStale
    }
}

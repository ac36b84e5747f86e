#if canImport(Glibc)
    import Glibc
#endif

/// The process on the other end of a Unix socket, from SO_PEERCRED.
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    /// Reads the peer of a connected Unix socket; `nil` when the kernel does not say.
    public static func of(socket fd: Int32) -> PeerCredentials? {
        // Layout-identical to `struct ucred`, which Glibc's Swift module hides without _GNU_SOURCE.
        var raw = (pid_t(0), uid_t(0), gid_t(0))
        var length = socklen_t(MemoryLayout.size(ofValue: raw))
        let result = withUnsafeMutableBytes(of: &raw) { pointer in
            getsockopt(fd, SOL_SOCKET, SO_PEERCRED, pointer.baseAddress, &length)
        }
        guard result == 0 else { return nil }
        return PeerCredentials(pid: raw.0, uid: raw.1, gid: raw.2)
    }
}

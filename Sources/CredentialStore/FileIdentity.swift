#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What identifies one version of a file: an atomic rename gives a new inode, an edit a new mtime/ctime,
/// a chmod or chown a new ctime. Lets the provider reuse a parsed file until any of these change.
public struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let mode: UInt32
    let owner: UInt32
    let modified: Int64
    let modifiedNanoseconds: Int
    let changed: Int64
    let changedNanoseconds: Int

    /// The identity of the file at `path` now; nil when it cannot be stat'ed (absent, usually).
    public static func of(_ path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileIdentity(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
            mode: UInt32(status.st_mode), owner: UInt32(status.st_uid), modified: Int64(status.st_mtim.tv_sec),
            modifiedNanoseconds: Int(status.st_mtim.tv_nsec), changed: Int64(status.st_ctim.tv_sec),
            changedNanoseconds: Int(status.st_ctim.tv_nsec))
    }
}

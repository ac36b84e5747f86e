import CredentialStore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Remembers successful credential resolutions while the files the chain reads are unchanged, so a call does not
/// re-read the store and the aliyun CLI file on a new thread each time. Validity is checked by `stat` (device, inode,
/// size, modification time) of each file on every lookup; failures are never remembered.
final class CredentialResolutionCache: Sendable {
    struct FileStamp: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private struct Entry {
        var resolved: ResolvedCallCredentials
        var stamps: [FileStamp?]
    }

    /// At most this many requests are remembered; the table is emptied when it is full.
    static let capacity = 64
    let paths: [String]
    private let entries = Mutex<[CallCredentialsRequest: Entry]>([:])

    init(paths: [String]) { self.paths = paths }

    /// The remembered resolution of `request`, if every file is as it was then.
    func lookup(_ request: CallCredentialsRequest) -> ResolvedCallCredentials? {
        let stamps = currentStamps()
        return entries.withLock { table in
            guard let entry = table[request], entry.stamps == stamps else { return nil }
            return entry.resolved
        }
    }

    /// Remembers `resolved`, with the file stamps read before the resolution started.
    func store(_ resolved: ResolvedCallCredentials, for request: CallCredentialsRequest, stamps: [FileStamp?]) {
        entries.withLock { table in
            if table.count >= Self.capacity { table.removeAll() }
            table[request] = Entry(resolved: resolved, stamps: stamps)
        }
    }

    func currentStamps() -> [FileStamp?] { paths.map(Self.stamp) }

    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}

import CredentialStore
import Synchronization

/// Remembers successful credential resolutions while the files the chain reads are unchanged, so a call does not
/// re-read the store and the aliyun CLI file on a new thread each time. Validity is checked by the store's
/// `FileIdentity` (a `stat` of each file) on every lookup; failures are never remembered.
final class CredentialResolutionCache: Sendable {
    private struct Entry {
        var resolved: ResolvedCallCredentials
        var stamps: [FileIdentity?]
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
    func store(_ resolved: ResolvedCallCredentials, for request: CallCredentialsRequest, stamps: [FileIdentity?]) {
        entries.withLock { table in
            if table.count >= Self.capacity { table.removeAll() }
            table[request] = Entry(resolved: resolved, stamps: stamps)
        }
    }

    func currentStamps() -> [FileIdentity?] { paths.map(FileIdentity.of) }
}

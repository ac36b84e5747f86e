#if canImport(Glibc)
    import Glibc
#endif

/// Decides which local users may talk to the socket: the server's own uid plus `--allow-uid` ones.
struct PeerPolicy: Sendable {
    let ownUID: UInt32
    let allowedUIDs: Set<UInt32>

    init(ownUID: UInt32 = getuid(), allowedUIDs: Set<UInt32>) {
        self.ownUID = ownUID
        self.allowedUIDs = allowedUIDs
    }

    /// Whether a peer with `uid` is served; an unknown uid is refused.
    func admits(uid: UInt32?) -> Bool {
        guard let uid else { return false }
        return uid == ownUID || allowedUIDs.contains(uid)
    }
}

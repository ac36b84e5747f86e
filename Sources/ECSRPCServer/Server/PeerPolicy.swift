import JSON
import JSONRPC

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

    /// The error a refused peer is told before its connection closes (-32009, naming the uid and `--allow-uid`);
    /// `nil` when the peer is admitted.
    func refusal(uid: UInt32?) -> RPCError? {
        guard !admits(uid: uid) else { return nil }
        let message: String
        if let uid {
            message = "Connection refused: uid \(uid) is not allowed to use this server "
                + "(the server's owner can admit it with --allow-uid \(uid))"
        } else {
            message = "Connection refused: the peer's uid could not be read, so it is not allowed to use this server "
                + "(only the server's own uid and those named with --allow-uid are served)"
        }
        return RPCError(
            .peerNotAllowed, message: message,
            data: ["uid": uid.map { .number(JSONNumber(Int($0))) } ?? .null, "flag": "--allow-uid"])
    }

    /// The whole JSON-RPC line (id null, newline included) sent to a refused peer; `nil` when the peer is admitted.
    func refusalLine(uid: UInt32?) -> [UInt8]? {
        guard let error = refusal(uid: uid) else { return nil }
        return Response.failure(id: .null, error: error).serializedBytes() + [0x0A]
    }
}

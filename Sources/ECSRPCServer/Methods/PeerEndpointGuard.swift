import JSON
import JSONRPC

#if canImport(Glibc)
    import Glibc
#endif

/// Socket peers admitted with `--allow-uid` may make ECS calls with the server's credentials, but not send them to an
/// endpoint of their own: the call would carry the server's access key id and STS token, signed, to the peer.
/// With keys of its own (`accessKeyId` + `accessKeySecret`) a peer may use any endpoint.
enum PeerEndpointGuard {
    /// Throws -32602 naming `endpoint` when a peer other than the server's own user picks one for the server's keys.
    static func check(_ parameters: JSONObject, context: MethodContext) throws(RPCError) {
        guard context.connection.transport == .unixSocket, let peer = context.connection.peerUID, peer != getuid() else {
            return
        }
        guard let endpoint = parameters["endpoint"], !endpoint.isNull else { return }
        func given(_ name: String) -> Bool { parameters[name]?.stringValue.map { !$0.isEmpty } ?? false }
        if given("accessKeyId") && given("accessKeySecret") { return }
        throw RPCError.invalidParams(
            parameter: "endpoint",
            problem: "may only be chosen by the server's own user (uid \(getuid())) for calls signed with the server's "
                + "credentials; omit it, or pass accessKeyId and accessKeySecret of your own")
    }

    /// The filter form, for every JSON-RPC method (`tools/call` checks its arguments itself).
    static let filter: RequestFilter = { _, parameters, context in
        try check(parameters.object, context: context)
    }
}

/// An error that knows its JSON-RPC form (for modules that depend on JSONRPC).
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

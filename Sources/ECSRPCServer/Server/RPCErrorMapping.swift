import ECSOperations
import JSONRPC

/// The one place where errors thrown by method handlers become JSON-RPC errors.
///
/// Add a `case` per error enum of the lower layers (ECS client, credential store, operations); codes come
/// from ``RPCErrorCode`` and are documented in `schema/openrpc.json`.
public enum RPCErrorMapping {
    /// The error a client receives for `error`; messages must not contain secrets (the dispatcher also scrubs
    /// the request's secret values).
    public static func rpcError(for error: any Error) -> RPCError {
        switch error {
        case let rpcError as RPCError:
            return rpcError
        case let convertible as any RPCErrorConvertible:
            return convertible.rpcError
        case let timedOut as InstanceWaitTimedOut:
            return InstancesWaitErrors.rpcError(timedOut)
        case let timedOut as ActionWaitTimedOut:
            return InstancesWaitErrors.rpcError(timedOut)
        case is CancellationError:
            return .cancelled
        default:
            return .internalError()
        }
    }
}

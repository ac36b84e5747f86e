import CredentialStore
import JSON
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
        case let error as CredentialStoreError:
            return credentialStoreError(error)
        case let error as CredentialResolutionError:
            return credentialResolutionError(error)
        case is CancellationError:
            return .cancelled
        default:
            return .internalError()
        }
    }
}

// MARK: - Credential store

extension RPCErrorMapping {
    /// Bad names and fields are -32602 naming the parameter; an unusable store is -32004 with the fix in its message.
    static func credentialStoreError(_ error: CredentialStoreError) -> RPCError {
        switch error {
        case .profileNotFound(let name, let available):
            let names = available.isEmpty ? "the store has no profiles" : "profiles: " + available.joined(separator: ", ")
            return .invalidParams(parameter: "name", problem: "names no stored profile '\(name)' (\(names))")
        case .invalidProfileName(let reason):
            return .invalidParams(parameter: "name", problem: reason)
        case .invalidField(let field, let reason):
            return .invalidParams(parameter: field, problem: reason)
        default:
            return RPCError(
                .credentialStoreError, message: "Credential store error: \(error)", data: ["reason": .string(error.description)])
        }
    }

    /// The caller's mistakes are -32602; nothing found is -32003 with `data.tried` listing each step.
    static func credentialResolutionError(_ error: CredentialResolutionError) -> RPCError {
        switch error {
        case .incompleteParameters(let missing):
            return .invalidParams(parameter: missing, problem: "is required when the other half of the key pair is given")
        case .profileNotFound(let name, .parameter, let available):
            let names = available.isEmpty ? "the store has no profiles" : "profiles: " + available.joined(separator: ", ")
            return .invalidParams(parameter: "profile", problem: "names no stored profile '\(name)' (\(names))")
        case .storeUnavailable(let storeError):
            return credentialStoreError(storeError)
        case .noCredentials(let tried):
            return RPCError(
                .noCredentials, message: "No credentials: \(error)", data: ["tried": .array(tried.map(JSONValue.string))])
        case .profileNotFound:
            return RPCError(.noCredentials, message: "No credentials: \(error)")
        }
    }
}

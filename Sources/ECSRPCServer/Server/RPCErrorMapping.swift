import CredentialStore
import ECSClient
import ECSOperations
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
        case let error as OperationError:
            return ecsError(for: error)
        case let error as ECSClientError:
            return ecsError(for: .client(error))
        case let timedOut as InstanceWaitTimedOut:
            return InstancesWaitErrors.rpcError(timedOut)
        case let timedOut as ActionWaitTimedOut:
            return InstancesWaitErrors.rpcError(timedOut)
        case let notFound as InstanceWaitNotFound:
            return InstancesWaitErrors.rpcError(notFound)
        case let notFound as ActionWaitNotFound:
            return InstancesWaitErrors.rpcError(notFound)
        case is CancellationError:
            return .cancelled
        default:
            return .internalError()
        }
    }

    // MARK: - ECS operations and client

    /// `OperationError` (and the `ECSClientError` it wraps) as JSON-RPC errors: -32602 for parameters,
    /// -32001 for ECS answers, -32002 for transport failures, -32003 without credentials.
    static func ecsError(for error: OperationError) -> RPCError {
        switch error {
        case .invalidParameter(let name, let problem):
            return .invalidParams(parameter: name, problem: problem)
        case .networkResourceNotFound(let parameter, let problem):
            return .invalidParams(parameter: parameter, problem: "\(problem); pass \(parameter)")
        case .noCredentials(let reason):
            return RPCError(.noCredentials, message: "No credentials: \(reason)", data: ["reason": .string(reason)])
        case .credentialStoreUnavailable(let reason):
            return RPCError(.credentialStoreError, message: "Credential store error: \(reason)", data: ["reason": .string(reason)])
        case .client(.service(let service)):
            let message = redactedStringToSign(service.message)
            var data: JSONObject = [
                "code": .string(service.code), "message": .string(message),
                "httpStatus": .number(JSONNumber(service.httpStatus)), "action": .string(service.action),
                "retryable": .bool(service.retryable),
            ]
            data["requestId"] = service.requestId.map(JSONValue.string) ?? .null
            data["recommend"] = service.recommend.map(JSONValue.string) ?? .null
            data["hostId"] = service.hostId.map(JSONValue.string) ?? .null
            return RPCError(.ecsServiceError, message: "ECS error \(service.code): \(message)", data: .object(data))
        case .client(.transport(let failure, let endpoint, let attempts)):
            let kind: String
            switch failure {
            case .connectionRefused: kind = "refused"
            case .timedOut: kind = "timedOut"
            case .tls: kind = "tls"
            case .hostNotFound: kind = "hostNotFound"
            case .connectionLost: kind = "connectionLost"
            case .other: kind = "other"
            }
            return RPCError(
                .ecsTransportError, message: "Cannot reach ECS at \(endpoint): \(failure)",
                data: [
                    "kind": .string(kind), "endpoint": .string(endpoint), "attempts": .number(JSONNumber(attempts)),
                    "detail": .string(failure.description),
                ])
        case .client(.invalidResponse(let status, let reason, let endpoint)):
            return RPCError(
                .ecsTransportError, message: "Invalid answer from \(endpoint): \(reason)",
                data: [
                    "kind": "invalidResponse", "endpoint": .string(endpoint), "httpStatus": .number(JSONNumber(status)),
                    "detail": .string(reason),
                ])
        case .client(.invalidEndpoint(_, let reason)):
            return .invalidParams(parameter: "endpoint", problem: reason)
        case .client(.cancelled):
            return .cancelled
        case .partiallyDone(let completed, let notDone, let cause):
            var mapped = ecsError(for: cause)
            var data = mapped.data?.objectValue ?? JSONObject()
            data["completedInstanceIds"] = .array(completed.map(JSONValue.string))
            data["notDoneInstanceIds"] = .array(notDone.map(JSONValue.string))
            mapped.data = .object(data)
            mapped.message += " (\(completed.count) of \(completed.count + notDone.count) instances were acted on by the other calls: data.completedInstanceIds)"
            return mapped
        }
    }

    /// Cuts the echoed string-to-sign off `SignatureDoesNotMatch` messages: it carries every parameter, passwords included.
    static func redactedStringToSign(_ message: String) -> String {
        guard let range = message.range(of: "string to sign is:") else { return message }
        return String(message[..<range.upperBound]) + " [redacted]"
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
        case .aliyunProfileFailed(let problem):
            var data: JSONObject = ["aliyunProfile": .string(problem.profile), "reason": .string(problem.description)]
            if case .roleAssumptionRefused(_, let code, _, _) = problem { data["stsCode"] = .string(code) }
            return RPCError(.noCredentials, message: "No credentials: \(error)", data: .object(data))
        }
    }
}

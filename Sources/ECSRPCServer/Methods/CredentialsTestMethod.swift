import CredentialStore
import ECSClient
import ECSOperations
import JSON
import JSONRPC

extension CredentialsMethods {
    /// Runs DescribeRegions with a profile (or what a call without credentials would use) and reports the outcome.
    static func test(profile: String?, regionId: String?, provider: CredentialProvider, probe: CredentialsRegionProbe)
        async throws -> JSONValue
    {
        let resolved: ResolvedCredentials
        do throws(CredentialResolutionError) {
            resolved = try await provider.resolve(CredentialRequest(profile: profile, regionId: regionId))
        } catch {
            // Here the profile comes from `name`: an unknown one is that parameter's problem (-32602).
            if case .profileNotFound(let name, .parameter, let available) = error {
                throw CredentialStoreError.profileNotFound(name: name, available: available)
            }
            throw error
        }
        var report: JSONObject = [
            "source": .string(resolved.source.description),
            "maskedAccessKeyId": .string(resolved.credentials.maskedAccessKeyId),
        ]
        if let region = resolved.regionId { report["regionId"] = .string(region) }
        let options = CallOptions(
            credentials: CallCredentialsRequest(
                accessKeyId: resolved.credentials.accessKeyId, accessKeySecret: resolved.credentials.accessKeySecret,
                securityToken: resolved.credentials.securityToken, regionId: resolved.regionId),
            endpoint: resolved.endpoint, regionId: resolved.regionId)
        do throws(OperationError) {
            let result = try await probe(options)
            report["ok"] = true
            report["regionCount"] = .number(JSONNumber(result.body["Regions"]?["Region"]?.arrayValue?.count ?? 0))
            if let requestId = result.body["RequestId"]?.stringValue { report["requestId"] = .string(requestId) }
        } catch {
            report["ok"] = false
            report["error"] = failure(error)
        }
        return .object(report)
    }

    /// The ECS error (code, message without the echoed string-to-sign, status, request id), or what else failed.
    static func failure(_ error: OperationError) -> JSONValue {
        switch error {
        case .client(.service(let service)):
            var object: JSONObject = [
                "code": .string(service.code), "message": .string(RPCErrorMapping.redactedStringToSign(service.message)),
                "httpStatus": .number(JSONNumber(service.httpStatus)),
            ]
            if let requestId = service.requestId { object["requestId"] = .string(requestId) }
            return .object(object)
        case .client(.transport):
            return ["code": "Transport", "message": .string(error.description)]
        default:
            return ["code": "Failed", "message": .string(error.description)]
        }
    }
}

import CredentialStore
import ECSClient
import JSON

extension CredentialServices {
    /// Services that reach STS and credentials URIs through `client` (its transport, proxy, trusted certificates,
    /// retries and signature version): AssumeRole is signed like any RPC call, for product STS 2015-04-01.
    public static func sending(through client: ECSClient) -> CredentialServices {
        CredentialServices(
            assumeRole: { request throws(RemoteCredentialFailure) in try await assumeRole(request, client: client) },
            fetchURL: { url throws(RemoteCredentialFailure) in
                do throws(ECSClientError) {
                    let answer = try await client.get(url)
                    return (answer.status, answer.body)
                } catch {
                    throw .unreachable(error.description)
                }
            })
    }

    static func assumeRole(_ request: RoleAssumptionRequest, client: ECSClient) async throws(RemoteCredentialFailure)
        -> TemporaryCredentials
    {
        let call = ECSRequest(
            action: "AssumeRole", parameters: request.parameters, endpoint: request.endpoint, isIdempotent: true,
            product: .sts)
        let signer = ECSCredentials(
            accessKeyId: request.signer.accessKeyId, accessKeySecret: request.signer.accessKeySecret,
            securityToken: request.signer.securityToken, source: "role signer")
        let response: ECSResponse
        do throws(ECSClientError) {
            response = try await client.send(call, credentials: signer)
        } catch {
            if case .service(let serviceError) = error {
                throw .service(code: serviceError.code, httpStatus: serviceError.httpStatus, message: serviceError.message)
            }
            throw .unreachable(error.description)
        }
        switch TemporaryCredentials.parse(assumeRoleAnswer: response.body) {
        case .success(let credentials): return credentials
        case .failure(let missing): throw .unreachable("STS at \(response.endpoint): \(missing)")
        }
    }
}

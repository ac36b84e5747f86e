import ECSClient
import ECSOperations
import Foundation
import JSON
import Synchronization

/// A fake ECS behind the `HTTPTransport` seam: each request is decoded into (action, parameters) and answered
/// by a handler; every call is recorded.
final class ScriptedECS: HTTPTransport {
    struct Call: Sendable {
        var action: String
        var parameters: [String: String]
        var url: String
    }

    typealias Handler = @Sendable (String, [String: String]) -> (status: Int, body: String)

    private let handler: Handler
    private let log = Mutex<[Call]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    var calls: [Call] { log.withLock { $0 } }
    func calls(_ action: String) -> [Call] { calls.filter { $0.action == action } }

    func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        var parameters: [String: String] = [:]
        for item in URLComponents(string: request.url)?.queryItems ?? [] { parameters[item.name] = item.value ?? "" }
        let action = parameters["Action"] ?? request.headers["x-acs-action"] ?? ""
        for common in ["Action", "Version", "Format", "Timestamp", "SignatureNonce", "SignatureMethod", "SignatureVersion", "AccessKeyId", "Signature"] {
            parameters.removeValue(forKey: common)
        }
        log.withLock { $0.append(Call(action: action, parameters: parameters, url: request.url)) }
        let answer = handler(action, parameters)
        return HTTPResponseMessage(
            status: answer.status, headers: ["X-Acs-Request-Id": "REQ-\(action)", "Content-Type": "application/json;charset=utf-8"],
            body: Array(answer.body.utf8))
    }
}

let demoCredentials = ECSCredentials(accessKeyId: "testid", accessKeySecret: "testsecret", source: "test")

func makeOperations(_ ecs: ScriptedECS, environment: [String: String] = [:], fallback: ECSCredentials? = demoCredentials) -> ECSOperations {
    let client = ECSClient(
        configuration: ECSClientConfiguration(retryPolicy: RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(1), throttlingBaseDelay: .milliseconds(1))),
        transport: ecs)
    return ECSOperations(client: client, credentialProvider: .basic(environment: environment, fallback: fallback))
}

let beijing = CallOptions(regionId: "cn-beijing")

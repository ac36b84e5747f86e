import ECSSignature
import Foundation
import JSON

/// Signs and sends ECS API calls, with endpoint resolution, bounded retries and typed errors.
/// It shares one transport (and so its pooled connections) across all calls; safe to use concurrently.
public final class ECSClient: Sendable {
    public let configuration: ECSClientConfiguration
    private let transport: any HTTPTransport
    private let sleep: @Sendable (Duration) async throws -> Void
    private let random: @Sendable () -> Double
    private let onRetry: (@Sendable (ECSRetryEvent) -> Void)?

    /// - Parameters:
    ///   - transport: the network seam; when nil, ``defaultTransport(configuration:)``.
    ///   - sleep, random: the back-off clock and jitter source, replaced by tests.
    ///   - onRetry: told about each retry (for logs).
    public init(
        configuration: ECSClientConfiguration = ECSClientConfiguration(), transport: (any HTTPTransport)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onRetry: (@Sendable (ECSRetryEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.transport = transport ?? Self.defaultTransport(configuration: configuration)
        self.sleep = sleep
        self.random = random
        self.onRetry = onRetry
    }

    /// Sends one call, retrying transient failures as the retry policy and the call's idempotency allow.
    public func send(_ request: ECSRequest, credentials: ECSCredentials) async throws(ECSClientError) -> ECSResponse {
        let endpoint: ECSEndpoint
        if request.product == .ecs {
            endpoint = try EndpointResolver.resolve(
                perCall: request.endpoint, fixed: configuration.fixedEndpoint, pinned: configuration.pinsFixedEndpoint,
                regionId: request.regionId)
        } else {
            guard let productEndpoint = request.endpoint else {
                throw .invalidEndpoint("", reason: "a \(request.product.code) call needs its endpoint")
            }
            endpoint = try EndpointResolver.resolve(
                productEndpoint: productEndpoint, fixed: configuration.fixedEndpoint, pinned: configuration.pinsFixedEndpoint)
        }
        let signer = RequestSigner(signatureVersion: configuration.signatureVersion, userAgent: configuration.userAgent)
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw .cancelled }
            let message = signer.sign(
                action: request.action, parameters: request.parameters, endpoint: endpoint, credentials: credentials,
                version: request.product.version)
            let error: ECSClientError
            do {
                let answer = try await transport.send(message, timeout: configuration.attemptTimeout)
                return try Self.interpret(
                    answer, action: request.action, endpoint: endpoint, attempts: attempt,
                    secrets: [credentials.accessKeySecret, credentials.securityToken].compactMap { $0 })
            } catch let failure as TransportFailure {
                if Task.isCancelled { throw .cancelled }
                let secrets = [credentials.accessKeySecret, credentials.securityToken].compactMap { $0 }
                error = .transport(Self.scrubbing(failure, secrets: secrets), endpoint: endpoint.baseURL, attempts: attempt)
            } catch let clientError as ECSClientError {
                error = clientError
            } catch {
                throw .transport(.other("unexpected \(type(of: error))"), endpoint: endpoint.baseURL, attempts: attempt)
            }
            guard attempt <= configuration.retryPolicy.maxRetries, Self.shouldRetry(error, idempotent: request.isIdempotent)
            else { throw error }
            let throttled: Bool
            let reason: String
            switch error {
            case .service(let serviceError):
                throttled = serviceError.isThrottling
                reason = serviceError.code
            case .transport(let failure, _, _):
                throttled = false
                reason = failure.description
            default:
                throttled = false
                reason = "invalid response"
            }
            let delay = configuration.retryPolicy.delay(beforeRetry: attempt, throttled: throttled, random: random())
            onRetry?(ECSRetryEvent(action: request.action, endpoint: endpoint.baseURL, attempt: attempt, reason: reason, delay: delay))
            do {
                try await sleep(delay)
            } catch {
                throw .cancelled
            }
        }
    }

    /// One plain `GET` of `url` (e.g. a credentials URI) through the client's transport, proxy and trusted
    /// certificates; one attempt, the client's attempt timeout. `http://` is only allowed to loopback hosts.
    public func get(_ url: String, headers: [String: String] = [:]) async throws(ECSClientError) -> HTTPResponseMessage {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") {
            let rest = url.dropFirst(7)
            let authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
            let endpoint = try ECSEndpoint(parsing: "http://" + authority)
            guard endpoint.isLoopback else {
                throw .invalidEndpoint(url, reason: "plain http is only allowed to loopback hosts; use https")
            }
        } else if !lower.hasPrefix("https://") {
            throw .invalidEndpoint(url, reason: "expected an http(s) URL")
        }
        var allHeaders = headers
        allHeaders["user-agent"] = allHeaders["user-agent"] ?? configuration.userAgent
        allHeaders["accept"] = allHeaders["accept"] ?? "application/json"
        do {
            return try await transport.send(
                HTTPRequestMessage(method: "GET", url: url, headers: allHeaders), timeout: configuration.attemptTimeout)
        } catch let failure as TransportFailure {
            throw .transport(failure, endpoint: Self.displayable(url), attempts: 1)
        } catch {
            throw .transport(.other("unexpected \(type(of: error))"), endpoint: Self.displayable(url), attempts: 1)
        }
    }

    /// `url` without its query or fragment (which may carry a token), for errors.
    static func displayable(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }

    /// Whether a failed attempt may be sent again: throttling and refused connections always (the action did not run);
    /// other transient failures only for idempotent calls; signature, parameter and endpoint errors never.
    public static func shouldRetry(_ error: ECSClientError, idempotent: Bool) -> Bool {
        switch error {
        case .service(let serviceError):
            // The transport re-sends a request whose reused connection died before answering; the service may refuse the
            // repeated nonce. The first copy may have run, so only an idempotent call is signed afresh and retried.
            if serviceError.code == "SignatureNonceUsed" { return idempotent }
            guard serviceError.retryable else { return false }
            return serviceError.isThrottling || idempotent
        case .transport(let failure, _, _):
            guard failure.isTransient else { return false }
            return failure.neverReachedService || idempotent
        case .invalidResponse(let status, _, _):
            return status >= 500 && idempotent
        case .invalidEndpoint, .cancelled:
            return false
        }
    }

    /// `SignatureDoesNotMatch` messages echo the server's string to sign, which holds every parameter (passwords
    /// included): it is cut off so it never reaches errors or logs.
    static func redactingStringToSign(_ message: String) -> String {
        guard let range = message.range(of: "string to sign", options: .caseInsensitive)
            ?? message.range(of: "stringtosign", options: .caseInsensitive)
        else { return message }
        let rest = message[range.upperBound...]
        let end = rest.prefix(4).firstIndex(of: ":").map { rest.index(after: $0) }
            ?? rest.range(of: " is", options: [.caseInsensitive, .anchored]).map(\.upperBound) ?? range.upperBound
        return String(message[..<end]) + " [redacted]"
    }

    /// `message` with the string to sign cut off and each secret (as sent, percent-encoded once or twice, as a
    /// string to sign holds it) replaced by `****`, should a service echo what was signed some other way.
    static func scrubbing(_ message: String, secrets: [String]) -> String {
        var text = redactingStringToSign(message)
        for secret in secrets where secret.count >= 4 {
            let once = PercentEncoding.encode(secret)
            for form in [secret, once, PercentEncoding.encode(once)] where text.contains(form) {
                text = text.replacingOccurrences(of: form, with: "****")
            }
        }
        return text
    }

    /// `failure` with any secret its detail might quote (an endpoint that echoes the request) replaced by `****`.
    static func scrubbing(_ failure: TransportFailure, secrets: [String]) -> TransportFailure {
        switch failure {
        case .tls(let detail): .tls(scrubbing(detail, secrets: secrets))
        case .other(let detail): .other(scrubbing(detail, secrets: secrets))
        default: failure
        }
    }

    /// Turns an HTTP answer into a response or a typed error; bodies are parsed, never re-encoded.
    static func interpret(
        _ answer: HTTPResponseMessage, action: String, endpoint: ECSEndpoint, attempts: Int, secrets: [String] = []
    ) throws(ECSClientError) -> ECSResponse {
        let body: JSONValue
        do {
            body = try JSONValue.parse(answer.body, remembersText: true)
        } catch {
            if answer.status >= 400 {
                throw .invalidResponse(
                    httpStatus: answer.status, reason: "error body is not JSON (\(error.reason))", endpoint: endpoint.baseURL)
            }
            throw .invalidResponse(httpStatus: answer.status, reason: "body is not JSON (\(error.reason))", endpoint: endpoint.baseURL)
        }
        if answer.status >= 400 {
            guard let code = (body["Code"] ?? body["code"])?.stringValue else {
                throw .invalidResponse(httpStatus: answer.status, reason: "error body has no Code", endpoint: endpoint.baseURL)
            }
            let message = scrubbing((body["Message"] ?? body["message"])?.stringValue ?? "", secrets: secrets)
            // The body is kept for callers that read other fields; its message is the cleaned one.
            var cleanBody = body
            if var object = body.objectValue {
                for key in ["Message", "message"] where object[key] != nil { object[key] = .string(message) }
                cleanBody = .object(object)
            }
            throw .service(
                ECSServiceError(
                    code: code, message: message,
                    httpStatus: answer.status,
                    requestId: (body["RequestId"] ?? body["requestId"])?.stringValue ?? answer.headers["x-acs-request-id"],
                    hostId: body["HostId"]?.stringValue, recommend: body["Recommend"]?.stringValue, action: action,
                    body: cleanBody, headers: answer.headers))
        }
        return ECSResponse(httpStatus: answer.status, headers: answer.headers, body: body, endpoint: endpoint, attempts: attempts)
    }
}

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
        let endpoint = try EndpointResolver.resolve(
            perCall: request.endpoint, fixed: configuration.fixedEndpoint, pinned: configuration.pinsFixedEndpoint,
            regionId: request.regionId)
        let signer = RequestSigner(signatureVersion: configuration.signatureVersion, userAgent: configuration.userAgent)
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw .cancelled }
            let message = signer.sign(
                action: request.action, parameters: request.parameters, endpoint: endpoint, credentials: credentials)
            let error: ECSClientError
            do {
                let answer = try await transport.send(message, timeout: configuration.attemptTimeout)
                return try Self.interpret(answer, action: request.action, endpoint: endpoint, attempts: attempt)
            } catch let failure as TransportFailure {
                if Task.isCancelled { throw .cancelled }
                error = .transport(failure, endpoint: endpoint.baseURL, attempts: attempt)
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
        guard let range = message.range(of: "string to sign is:") else { return message }
        return String(message[..<range.upperBound]) + " [redacted]"
    }

    /// Turns an HTTP answer into a response or a typed error; bodies are parsed, never re-encoded.
    static func interpret(
        _ answer: HTTPResponseMessage, action: String, endpoint: ECSEndpoint, attempts: Int
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
            throw .service(
                ECSServiceError(
                    code: code, message: redactingStringToSign((body["Message"] ?? body["message"])?.stringValue ?? ""),
                    httpStatus: answer.status,
                    requestId: (body["RequestId"] ?? body["requestId"])?.stringValue ?? answer.headers["x-acs-request-id"],
                    hostId: body["HostId"]?.stringValue, recommend: body["Recommend"]?.stringValue, action: action,
                    body: body, headers: answer.headers))
        }
        return ECSResponse(httpStatus: answer.status, headers: answer.headers, body: body, endpoint: endpoint, attempts: attempts)
    }
}

import JSON

/// Turns requests into results: finds the handler, runs it, maps and scrubs errors, logs the call.
///
/// One dispatcher serves every connection of a server.
public final class Dispatcher: Sendable {
    public let registry: MethodRegistry
    public let logger: Logger
    let errorMapper: @Sendable (any Error) -> RPCError

    /// - Parameter errorMapper: maps anything a handler throws to the error the client receives.
    public init(
        registry: MethodRegistry, logger: Logger,
        errorMapper: @escaping @Sendable (any Error) -> RPCError = Dispatcher.defaultErrorMapper
    ) {
        self.registry = registry
        self.logger = logger
        self.errorMapper = errorMapper
    }

    /// `RPCError` passes through, cancellation becomes -32005, anything else -32603.
    public static let defaultErrorMapper: @Sendable (any Error) -> RPCError = { error in
        if let rpcError = error as? RPCError { return rpcError }
        if error is CancellationError { return .cancelled }
        return .internalError()
    }

    /// Runs a request and returns its response object, or runs a notification and returns `nil`.
    public func perform(_ request: Request, control: (any ConnectionControl)?, connection: ConnectionInfo) async
        -> JSONValue?
    {
        let start = ContinuousClock.now
        let outcome = await run(request, control: control, connection: connection)
        let duration = ContinuousClock.now - start
        log(request, outcome: outcome, duration: duration, connection: connection)
        guard let id = request.id, outcome != .failure(Self.withheld) else { return nil }
        switch outcome {
        case .success(let result): return Response.success(id: id, result: result)
        case .failure(let error): return Response.failure(id: id, error: error)
        }
    }

    private func run(_ request: Request, control: (any ConnectionControl)?, connection: ConnectionInfo) async
        -> Result<JSONValue, RPCError>
    {
        let context = MethodContext(
            requestID: request.id, method: request.method, connection: connection, logger: logger, control: control)
        if request.isNotification, let notificationHandler = registry.notificationHandler(for: request.method) {
            let parameters = (try? Parameters(params: request.params)) ?? Parameters()
            await notificationHandler(parameters, context)
            return .success(.null)
        }
        guard let handler = registry.handler(for: request.method) else {
            return .failure(.methodNotFound(request.method))
        }
        do {
            let parameters = try Parameters(params: request.params)
            return .success(try await handler(parameters, context))
        } catch is AnswerWithheld {
            return .failure(Self.withheld)
        } catch {
            let mapped = errorMapper(error)
            let secrets = Redaction.secretValues(in: request.params ?? .null)
            if mapped.code == RPCError.internalErrorCode {
                logger.error(
                    "request.internal_error",
                    requestFields(request, connection: connection).merging([
                        "error": .string(Redaction.scrub(String(describing: error), secrets: secrets))
                    ]))
            }
            return .failure(Redaction.scrub(mapped, secrets: secrets))
        }
    }

    /// Stands for "no answer" (``AnswerWithheld``) inside the dispatcher; never sent.
    static let withheld = RPCError(.requestCancelled, message: "Cancelled; no answer sent", data: ["withheld": true])

    private func requestFields(_ request: Request, connection: ConnectionInfo) -> JSONObject {
        var fields: JSONObject = ["connection": .number(JSONNumber(connection.id)), "method": .string(request.method)]
        if let id = request.id { fields["id"] = id.json }
        return fields
    }

    private func log(_ request: Request, outcome: Result<JSONValue, RPCError>, duration: Duration, connection: ConnectionInfo) {
        let level: LogLevel
        switch outcome {
        case .success: level = .debug
        case .failure: level = .info
        }
        guard logger.isEnabled(level) else { return }
        var fields = requestFields(request, connection: connection)
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        fields["duration_ms"] = .number(JSONNumber((milliseconds * 1000).rounded() / 1000))
        if case .failure(let error) = outcome {
            fields["error"] = .object(["code": .number(JSONNumber(error.code)), "message": .string(error.message)])
        }
        if logger.isEnabled(.debug), let params = request.params {
            fields["params"] = params
        }
        logger.log(level, request.isNotification ? "notification" : "request", fields)
    }
}

extension JSONObject {
    func merging(_ other: JSONObject) -> JSONObject {
        var copy = self
        for (key, value) in other { copy[key] = value }
        return copy
    }
}

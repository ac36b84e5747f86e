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
        return finish(request, outcome: outcome, start: start, connection: connection)
    }

    /// Runs a request whose method is registered inline, synchronously on the calling thread.
    ///
    /// - Returns: `nil` when the method is not inline (run it with ``perform(_:control:connection:)``);
    ///   otherwise the response object, or `.some(nil)` for a notification.
    public func performInline(_ request: Request, control: (any ConnectionControl)?, connection: ConnectionInfo)
        -> JSONValue??
    {
        if request.isNotification && registry.notificationHandler(for: request.method) != nil { return nil }
        guard let handler = registry.inlineHandler(for: request.method) else { return nil }
        let start = ContinuousClock.now
        let context = MethodContext(
            requestID: request.id, method: request.method, connection: connection, logger: logger, control: control)
        let outcome: Result<JSONValue, RPCError>
        do {
            let parameters = try Parameters(params: request.params)
            for filter in registry.filters { try filter(request.method, parameters, context) }
            outcome = .success(try handler(parameters, context))
        } catch {
            outcome = .failure(mapped(error, request: request, connection: connection))
        }
        return .some(finish(request, outcome: outcome, start: start, connection: connection))
    }

    private func finish(
        _ request: Request, outcome: Result<JSONValue, RPCError>, start: ContinuousClock.Instant, connection: ConnectionInfo
    ) -> JSONValue? {
        log(request, outcome: outcome, duration: ContinuousClock.now - start, connection: connection)
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
            for filter in registry.filters { try filter(request.method, parameters, context) }
            return .success(try await handler(parameters, context))
        } catch is AnswerWithheld {
            return .failure(Self.withheld)
        } catch {
            return .failure(mapped(error, request: request, connection: connection))
        }
    }

    /// Stands for "no answer" (``AnswerWithheld``) inside the dispatcher; never sent.
    static let withheld = RPCError(.requestCancelled, message: "Cancelled; no answer sent", data: ["withheld": true])

    /// Maps a thrown error to its wire form, logs internal errors, and scrubs the request's secrets from it.
    private func mapped(_ error: any Error, request: Request, connection: ConnectionInfo) -> RPCError {
        let mapped = errorMapper(error)
        let secrets = Redaction.secretValues(in: request.params ?? .null)
        if mapped.code == RPCError.internalErrorCode {
            logger.error(
                "request.internal_error",
                requestFields(request, connection: connection).merging([
                    "error": .string(Redaction.scrub(String(describing: error), secrets: secrets))
                ]))
        }
        return Redaction.scrub(mapped, secrets: secrets)
    }

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

import Foundation
import HTTPServer
import JSON
import Synchronization

/// The front door of the simulator: decodes ECS API requests, authenticates them, applies faults,
/// asks the engine, and encodes the answer; `/_simulator/...` paths go to the control surface.
final class ECSGateway: Sendable {
    let engine: ECSEngine
    let accounts: SimulatorAccounts
    let settings: GatewaySettings
    /// The simulated STS on the same listener (AssumeRole and the temporary keys it issued).
    let sts = STSService()
    private let persister: StatePersister?
    private let log: (@Sendable (String) -> Void)?
    /// `ECSRPC_SIMULATOR_TIMING=1`: request log lines also split the time into phases (for benchmarks).
    private let logsPhases: Bool
    private let state: Mutex<MutableState>

    private struct MutableState {
        var nonces: NonceCache
        var faults: FaultInjector
    }

    init(
        engine: ECSEngine, accounts: SimulatorAccounts, settings: GatewaySettings, faults: [FaultRule], seed: UInt64,
        persister: StatePersister?, log: (@Sendable (String) -> Void)?
    ) {
        self.engine = engine
        self.accounts = accounts
        self.settings = settings
        self.persister = persister
        self.log = log
        logsPhases = log != nil && ProcessInfo.processInfo.environment["ECSRPC_SIMULATOR_TIMING"] == "1"
        let window = TimeInterval(settings.timestampSkewSeconds ?? 900)
        state = Mutex(
            MutableState(
                nonces: NonceCache(window: window, capacity: settings.nonceCapacity),
                faults: FaultInjector(rules: faults, seed: seed)))
    }

    /// Answers one HTTP request.
    func handle(_ http: HTTPRequest) async -> HTTPReply {
        if http.path.hasPrefix(ControlSurface.prefix) {
            return .response(await ControlSurface.handle(http, gateway: self))
        }
        let requestID = ResponseEncoder.newRequestID()
        let started = ContinuousClock.now
        var phases = logsPhases ? RequestPhases(started: started) : nil
        let reply = await answer(http, requestID: requestID, phases: &phases)
        if let log {
            var elapsed = RequestPhases.text(ContinuousClock.now - started)
            if let phases { elapsed += " (\(phases.summary))" }
            let action = http.header("x-acs-action") ?? http.queryParameters.first { $0.name == "Action" }?.value ?? "-"
            switch reply {
            case .dropConnection: log("\(action) dropped (fault) \(elapsed)")
            case .response(let response): log("\(action) \(response.status) \(requestID) \(elapsed)")
            }
        }
        return reply
    }

    private func answer(_ http: HTTPRequest, requestID: String, phases: inout RequestPhases?) async -> HTTPReply {
        let format = ECSRequestDecoder.format(of: http)
        var hostID = ResponseEncoder.hostID(regionID: nil)
        do throws(ECSServiceError) {
            let request = try ECSRequestDecoder.decode(http)
            hostID = ResponseEncoder.hostID(regionID: request.regionID)
            let accountID = try authenticate(request)
            let fault = state.withLock { $0.faults.decide(action: request.action) }
            if fault.latencyMilliseconds > 0 {
                try? await Task.sleep(for: .milliseconds(fault.latencyMilliseconds))
            }
            switch fault.outcome {
            case .drop: return .dropConnection
            case .fail(let error): throw error
            case .proceed: break
            }
            if request.isSTS {
                let body = try sts.answer(
                    action: request.action, parameters: request.businessParameters, account: accountID, now: settings.clock.now)
                return .response(
                    ResponseEncoder.success(action: request.action, body: body, requestID: requestID, format: request.format))
            }
            let call = ECSCall(action: request.action, parameters: request.businessParameters, accountID: accountID)
            phases?.mark(.checked)
            let result = await engine.answer(call)
            await persister?.saveIfChanged()
            phases?.mark(.answered)
            switch result {
            case .success(let body):
                let response = ResponseEncoder.success(
                    action: request.action, body: body, requestID: requestID, format: request.format)
                phases?.mark(.encoded)
                return .response(response)
            case .failure(let error):
                throw error
            }
        } catch {
            return .response(ResponseEncoder.failure(error, requestID: requestID, hostID: hostID, format: format))
        }
    }

    /// Timestamp window, key, signature, then nonce; returns the account that owns the call.
    private func authenticate(_ request: ECSRequest) throws(ECSServiceError) -> String {
        guard let timestamp = ECSTimestamp.parse(request.timestamp) else {
            throw GatewayError.timestampMalformed(request.timestamp)
        }
        let now = settings.clock.now
        if let skew = settings.timestampSkewSeconds, abs(timestamp.timeIntervalSince(now)) > TimeInterval(skew) {
            throw GatewayError.timestampExpired
        }
        let secret: String
        let account: String
        if let issued = sts.temporaryKey(request.accessKeyID) {
            try TemporaryKeyCheck.verify(request, against: issued, now: now)
            secret = issued.secret
            account = issued.account
        } else {
            guard let known = accounts.secret(for: request.accessKeyID) else { throw GatewayError.accessKeyNotFound }
            secret = known
            account = accounts.account(for: request.accessKeyID)
        }
        try SignatureVerifier.verify(request, secret: secret)
        let fresh = state.withLock { $0.nonces.insert(request.nonce, accessKeyID: request.accessKeyID, now: now) }
        guard fresh else { throw GatewayError.nonceUsed }
        return account
    }

    // MARK: - Control surface support

    var faultsJSON: JSONValue { state.withLock { $0.faults.json } }

    func configureFaults(rules: [FaultRule], seed: UInt64?) {
        state.withLock { $0.faults.configure(rules: rules, seed: seed ?? $0.faults.seed) }
    }

    func reset() async {
        await engine.reset()
        sts.removeAll()
        state.withLock { $0.nonces.removeAll() }
        await persister?.saveIfChanged()
    }
}

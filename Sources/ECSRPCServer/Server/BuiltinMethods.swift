import Foundation
import JSON
import JSONRPC

/// `ping`, `server.info` and `rpc.discover`: the methods every ecsrpc server answers.
///
/// They are inline (answered on the reader thread, no task hop), so they answer even when the cooperative pool is
/// busy with slow methods.
enum BuiltinMethods {
    static func register(in registry: MethodRegistry, configuration: ServiceConfiguration, startedAt: ContinuousClock.Instant) {
        registry.registerInline("ping") { parameters, _ in
            try parameters.rejectUnknown(allowed: [])
            return .object(JSONObject())
        }
        registry.registerInline("server.info") { [weak registry] parameters, _ in
            try parameters.rejectUnknown(allowed: [])
            let uptime = ContinuousClock.now - startedAt
            let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
            var info: JSONObject = [
                "name": .string(ServerVersion.name),
                "version": .string(ServerVersion.version),
                "pid": .number(JSONNumber(Int(ProcessInfo.processInfo.processIdentifier))),
                "transports": .array(configuration.transportNames.map { .string($0) }),
                "uptimeSeconds": .number(JSONNumber((seconds * 1000).rounded() / 1000)),
                "methods": .array((registry?.methodNames ?? []).map { .string($0) }),
            ]
            if let path = configuration.socketPath { info["socketPath"] = .string(path) }
            return .object(info)
        }
        registry.registerInline("rpc.discover") { parameters, _ in
            try parameters.rejectUnknown(allowed: [])
            return OpenRPCDocument.document
        }
    }
}

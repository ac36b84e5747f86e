import HTTPServer
import JSON

/// The simulator's own endpoints on the ECS port, outside every ECS path (ECS uses only `/`):
/// `GET /_simulator/health`, `GET|POST /_simulator/faults`, `POST /_simulator/reset`, `GET /_simulator/instances`.
enum ControlSurface {
    static let prefix = "/_simulator/"

    static func handle(_ http: HTTPRequest, gateway: ECSGateway) async -> HTTPResponse {
        switch (http.method, http.path) {
        case ("GET", "/_simulator/health"):
            return json(200, ["status": "ok", "revision": .number(JSONNumber(await gateway.engine.revision))])
        case ("GET", "/_simulator/faults"):
            return json(200, gateway.faultsJSON)
        case ("POST", "/_simulator/faults"), ("PUT", "/_simulator/faults"):
            return configureFaults(http.body, gateway: gateway)
        case ("POST", "/_simulator/reset"):
            await gateway.reset()
            return json(200, ["reset": true])
        case ("GET", "/_simulator/instances"):
            return json(200, ["instances": await gateway.engine.listInstances()])
        case (_, "/_simulator/health"), (_, "/_simulator/faults"), (_, "/_simulator/reset"), (_, "/_simulator/instances"):
            return json(405, ["error": .string("method \(http.method) not allowed on \(http.path)")])
        default:
            return json(
                404,
                [
                    "error": .string("unknown control path \(http.path)"),
                    "paths": ["/_simulator/health", "/_simulator/faults", "/_simulator/reset", "/_simulator/instances"],
                ])
        }
    }

    /// Body: `{"seed": 7, "rules": [{"action": "RunInstances", "throttle": 0.5, ...}]}`; `seed` optional.
    private static func configureFaults(_ body: [UInt8], gateway: ECSGateway) -> HTTPResponse {
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch { return json(400, ["error": .string("invalid JSON: \(error)")]) }
        guard let rulesJSON = value["rules"]?.arrayValue else {
            return json(400, ["error": "expected {\"rules\": [...], \"seed\": N}"])
        }
        var seed: UInt64?
        if let seedValue = value["seed"] {
            guard let number = seedValue.numberValue, let parsed = UInt64(number.literal) else {
                return json(400, ["error": "seed must be a non-negative integer"])
            }
            seed = parsed
        }
        var rules: [FaultRule] = []
        for ruleJSON in rulesJSON {
            do { rules.append(try FaultRule.parse(json: ruleJSON)) } catch {
                return json(400, ["error": .string(error.description)])
            }
        }
        gateway.configureFaults(rules: rules, seed: seed)
        return json(200, gateway.faultsJSON)
    }

    private static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/json;charset=utf-8")], body: value.serializedBytes())
    }
}

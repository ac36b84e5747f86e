import JSON
import JSONRPC

/// `debug.*` methods for end-to-end tests; registered only when `ECSRPC_TEST_METHODS=1`.
///
/// They adapt the JSON-RPC 2.0 specification's example methods (`subtract`, `sum`, `get_data`, `update`,
/// `notify_hello`, `notify_sum`) and add a sleeper, an echo, a failure and a progress reporter.
enum TestMethods {
    static func register(in registry: MethodRegistry) {
        registry.register("debug.subtract") { parameters, _ in
            try parameters.rejectUnknown(allowed: ["minuend", "subtrahend"])
            let minuend = try parameters.requiredInt("minuend")
            let subtrahend = try parameters.requiredInt("subtrahend")
            let (difference, overflow) = minuend.subtractingReportingOverflow(subtrahend)
            guard !overflow else { throw RPCError.invalidParams(parameter: "subtrahend", problem: "makes the difference overflow") }
            return .number(JSONNumber(difference))
        }
        registry.register("debug.sum") { parameters, _ in
            try parameters.rejectUnknown(allowed: ["values"])
            var sum = 0
            for value in try integers(parameters) {
                let (next, overflow) = sum.addingReportingOverflow(value)
                guard !overflow else { throw RPCError.invalidParams(parameter: "values", problem: "make the sum overflow") }
                sum = next
            }
            return .number(JSONNumber(sum))
        }
        registry.register("debug.get_data") { _, _ in ["hello", 5] }
        for name in ["debug.update", "debug.notify_hello", "debug.notify_sum"] {
            registry.register(name) { parameters, _ in
                _ = try integers(parameters)
                return .null
            }
        }
        registry.register("debug.echo") { parameters, _ in .object(parameters.object) }
        registry.register("debug.sleep") { parameters, _ in
            try parameters.rejectUnknown(allowed: ["milliseconds"])
            let milliseconds = try parameters.requiredInt("milliseconds")
            guard (0...600_000).contains(milliseconds) else {
                throw RPCError.invalidParams(parameter: "milliseconds", problem: "must be between 0 and 600000")
            }
            try await Task.sleep(for: .milliseconds(milliseconds))
            return ["slept": .number(JSONNumber(milliseconds))]
        }
        registry.register("debug.fail") { parameters, _ in
            // Deliberately puts every param value into the message, to prove error messages are scrubbed.
            let values = parameters.object.map { "\($0.key)=\($0.value.serialized())" }.joined(separator: " ")
            throw RPCError(code: -32000, message: "debug.fail called with \(values)", data: .object(parameters.object))
        }
        registry.register("debug.progress") { parameters, context in
            let steps = try parameters.int("steps") ?? 3
            for step in 1...max(1, steps) {
                await context.notify(
                    method: "debug.progress", params: ["step": .number(JSONNumber(step)), "of": .number(JSONNumber(steps))])
            }
            return ["steps": .number(JSONNumber(steps))]
        }
    }

    private static func integers(_ parameters: Parameters) throws(RPCError) -> [Int] {
        guard let values = parameters.value("values") else { return [] }
        guard case .array(let elements) = values else {
            throw RPCError.invalidParams(parameter: "values", problem: "must be an array of integers")
        }
        var integers: [Int] = []
        for element in elements {
            guard let integer = element.intValue else {
                throw RPCError.invalidParams(parameter: "values", problem: "must be an array of integers")
            }
            integers.append(integer)
        }
        return integers
    }
}

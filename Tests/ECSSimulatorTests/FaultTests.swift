import ECSSimulator
import Foundation
import JSON
import TestSupport
import Testing

/// Makes `count` calls, each on a fresh connection, and lists what happened: a code, "200", or "dropped".
private func outcomes(_ simulator: SimulatorHarness, action: String = "DescribeRegions", count: Int) async throws -> [String] {
    var results: [String] = []
    for _ in 0..<count {
        do {
            let (response, body) = try await simulator.call(TestSigner().rpc(action))
            results.append(response.status == 200 ? "200" : "\(response.status) \(body["Code"]?.stringValue ?? "")")
        } catch {
            results.append("dropped")
        }
    }
    return results
}

@Suite("Fault injection")
struct FaultTests {
    @Test("the same seed repeats the same faults; another seed differs")
    func repeatable() async throws {
        let rule = try FaultRule.parse("action=DescribeRegions,throttle=0.3,error5xx=0.2,drop=0.1")
        var runs: [[String]] = []
        for seed: UInt64 in [7, 7, 8] {
            let simulator = try await SimulatorHarness.start { options in
                options.faults = [rule]
                options.seed = seed
            }
            runs.append(try await outcomes(simulator, count: 40))
            await simulator.stop()
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0] != runs[2])
        let seen = Set(runs[0])
        #expect(seen.contains("200"))
        #expect(seen.contains("400 Throttling"))
        #expect(seen.contains("dropped"))
        #expect(seen.contains("500 InternalError") || seen.contains("503 ServiceUnavailable"))
    }

    @Test("a rate of 1 always fires, and rules apply only to their action")
    func perAction() async throws {
        let simulator = try await SimulatorHarness.start { options in
            options.faults = [FaultRule(action: "RunInstances", throttleRate: 1)]
        }
        defer { Task { await simulator.stop() } }
        #expect(try await outcomes(simulator, action: "RunInstances", count: 3) == Array(repeating: "400 Throttling", count: 3))
        #expect(try await outcomes(simulator, action: "DescribeRegions", count: 3) == ["200", "200", "200"])
    }

    @Test("a dropped call closes the connection without an answer")
    func drop() async throws {
        let simulator = try await SimulatorHarness.start { options in options.faults = [FaultRule(dropRate: 1)] }
        defer { Task { await simulator.stop() } }
        let connection = try await LoopbackHTTPConnection.open(port: simulator.port)
        try await connection.send(TestSigner().rpc("DescribeRegions"))
        await #expect(throws: LoopbackHTTPError.self) { try await connection.readResponse() }
    }

    @Test("latency delays the answer by at least the configured time")
    func latency() async throws {
        let simulator = try await SimulatorHarness.start { options in
            options.faults = [FaultRule(action: "DescribeRegions", latencyMilliseconds: 150)]
        }
        defer { Task { await simulator.stop() } }
        let clock = ContinuousClock()
        let started = clock.now
        let (response, _) = try await simulator.call(TestSigner().rpc("DescribeRegions"))
        #expect(response.status == 200)
        #expect(clock.now - started >= .milliseconds(150))
    }

    @Test("faults do not hit callers that fail authentication first")
    func authenticationFirst() async throws {
        let simulator = try await SimulatorHarness.start { options in options.faults = [FaultRule(throttleRate: 1)] }
        defer { Task { await simulator.stop() } }
        let (response, body) = try await simulator.call(TestSigner(accessKeyID: "nobody").rpc("DescribeRegions"))
        #expect(response.status == 404 && body["Code"] == "InvalidAccessKeyId.NotFound")
    }

    @Test(
        "fault specs parse, and bad ones are refused",
        arguments: [
            ("action=RunInstances,throttle=0.5,error5xx=0.1,drop=0.05,latency-ms=200", true),
            ("throttle=1", true),
            ("", true),
            ("throttle=1.5", false),
            ("throttle=0.6,drop=0.6", false),
            ("speed=3", false),
            ("latency-ms=-1", false),
            ("throttle", false),
        ])
    func specs(spec: String, valid: Bool) {
        let parsed = (try? FaultRule.parse(spec)) != nil
        #expect(parsed == valid)
    }

    @Test("a spec's fields land where they should")
    func specFields() throws {
        let rule = try FaultRule.parse("action=RunInstances,throttle=0.5,error5xx=0.1,drop=0.05,latency-ms=200")
        #expect(rule == FaultRule(action: "RunInstances", latencyMilliseconds: 200, throttleRate: 0.5, error5xxRate: 0.1, dropRate: 0.05))
        #expect(try FaultRule.parse("drop=0.2").action == "*")
    }
}

@Suite("Control surface")
struct ControlSurfaceTests {
    private func control(_ simulator: SimulatorHarness, _ method: String, _ path: String, _ body: String = "") async throws
        -> (Int, JSONValue)
    {
        let response = try await simulator.send(
            TestSigner.raw(method: method, target: path, headers: ["Content-Type: application/json"], body: body))
        return (response.status, try JSONValue.parse(response.body))
    }

    @Test("health, instances and reset answer JSON")
    func basics() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (healthStatus, health) = try await control(simulator, "GET", "/_simulator/health")
        #expect(healthStatus == 200 && health["status"] == "ok")
        let (instancesStatus, instances) = try await control(simulator, "GET", "/_simulator/instances")
        #expect(instancesStatus == 200 && instances["instances"] != nil)
        let (resetStatus, reset) = try await control(simulator, "POST", "/_simulator/reset")
        #expect(resetStatus == 200 && reset["reset"] == true)
        let (unknown, _) = try await control(simulator, "GET", "/_simulator/nothing")
        #expect(unknown == 404)
        let (wrongMethod, _) = try await control(simulator, "DELETE", "/_simulator/faults")
        #expect(wrongMethod == 405)
    }

    @Test("faults set at run time take effect, show in GET, and can be cleared")
    func runtimeFaults() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (status, shown) = try await control(
            simulator, "POST", "/_simulator/faults",
            #"{"seed": 3, "rules": [{"action": "DescribeRegions", "throttle": 1, "latencyMs": 0}]}"#)
        #expect(status == 200)
        #expect(shown["seed"] == 3)
        #expect(shown["rules"]?[0]?["action"] == "DescribeRegions")
        let (_, get) = try await control(simulator, "GET", "/_simulator/faults")
        #expect(get == shown)
        let (throttled, body) = try await simulator.call(TestSigner().rpc("DescribeRegions"))
        #expect(throttled.status == 400 && body["Code"] == "Throttling")
        _ = try await control(simulator, "POST", "/_simulator/faults", #"{"rules": []}"#)
        let (clear, _) = try await simulator.call(TestSigner().rpc("DescribeRegions"))
        #expect(clear.status == 200)
    }

    @Test("bad fault documents are refused with 400 and change nothing", arguments: [
        "not json", #"{"rules": {}}"#, #"{"rules": [{"throttle": 2}]}"#, #"{"rules": [], "seed": -1}"#,
        #"{"rules": [{"bogus": 1}]}"#,
    ])
    func badFaults(document: String) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (status, body) = try await control(simulator, "POST", "/_simulator/faults", document)
        #expect(status == 400)
        #expect(body["error"]?.stringValue != nil)
        let (_, get) = try await control(simulator, "GET", "/_simulator/faults")
        #expect(get["rules"]?.arrayValue?.isEmpty == true)
    }
}

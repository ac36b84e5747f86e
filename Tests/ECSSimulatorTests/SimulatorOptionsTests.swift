import ECSSimulator
import Foundation
import Testing

@Suite("Simulator options")
struct SimulatorOptionsTests {
    @Test("every flag parses")
    func allFlags() throws {
        let options = try SimulatorOptions.parse(arguments: [
            "--listen", "127.0.0.1:9000", "--transition-ms", "50", "--access-key", "AK1:se:cret", "--access-key=AK2:s2",
            "--state", "/tmp/state.json", "--fault", "action=RunInstances,throttle=0.5", "--seed", "42", "--quiet",
        ])
        #expect(options.host == "127.0.0.1" && options.port == 9000)
        #expect(options.transitionMilliseconds == 50)
        #expect(options.accessKeys == [AccessKeyPair(id: "AK1", secret: "se:cret"), AccessKeyPair(id: "AK2", secret: "s2")])
        #expect(options.stateFile == "/tmp/state.json")
        #expect(options.faults == [FaultRule(action: "RunInstances", throttleRate: 0.5)])
        #expect(options.seed == 42)
        #expect(!options.logRequests)
        #expect(!options.showHelp)
    }

    @Test("defaults: a free loopback port, 2000 ms transitions, the demo key")
    func defaults() throws {
        let options = try SimulatorOptions.parse(arguments: [])
        #expect(options.host == "127.0.0.1" && options.port == 0)
        #expect(options.transitionMilliseconds == 2000)
        #expect(options.accessKeys.isEmpty)
        #expect(SimulatorAccounts(options.accessKeys).keyIDs == ["testid"])
    }

    @Test("loopback listen forms are accepted", arguments: ["127.0.0.1:0", "localhost:8080", "[::1]:0", "127.1.2.3:1", "9000"])
    func loopbackListen(value: String) throws {
        _ = try SimulatorOptions.parse(arguments: ["--listen", value])
    }

    @Test("non-loopback and malformed listen addresses are refused", arguments: ["0.0.0.0:80", "10.0.0.1:80", "example.com:80", "127.0.0.1:99999", "127.0.0.1:x"])
    func badListen(value: String) {
        #expect(throws: SimulatorOptionsError.self) { try SimulatorOptions.parse(arguments: ["--listen", value]) }
    }

    @Test("bad values and unknown flags are refused, and a bad key never echoes its secret")
    func badArguments() {
        #expect(throws: SimulatorOptionsError.unknownArgument("--bogus")) { try SimulatorOptions.parse(arguments: ["--bogus"]) }
        #expect(throws: SimulatorOptionsError.missingValue("--seed")) { try SimulatorOptions.parse(arguments: ["--seed"]) }
        #expect(throws: SimulatorOptionsError.self) { try SimulatorOptions.parse(arguments: ["--transition-ms", "-5"]) }
        #expect(throws: SimulatorOptionsError.self) { try SimulatorOptions.parse(arguments: ["--fault", "drop=7"]) }
        do {
            _ = try SimulatorOptions.parse(arguments: ["--access-key", "nocolonsecret"])
            Issue.record("accepted a key without a colon")
        } catch {
            #expect(!error.description.contains("nocolonsecret"))
        }
    }

    @Test("extract leaves other commands' arguments in order")
    func extract() throws {
        let (options, rest) = try SimulatorOptions.extract(from: [
            "--simulator", "--socket", "/tmp/s", "--transition-ms", "10", "--fault", "drop=0.1", "--stdio", "--help",
        ])
        #expect(rest == ["--simulator", "--socket", "/tmp/s", "--stdio", "--help"])
        #expect(options.transitionMilliseconds == 10)
        #expect(options.faults.count == 1)
    }

    @Test("apply sets one flag at a time, and every value flag is described for other commands' help")
    func applyOneFlag() throws {
        var options = SimulatorOptions()
        try options.apply(flag: "--transition-ms", value: "5")
        try options.apply(flag: "--fault", value: "throttle=1")
        #expect(options.transitionMilliseconds == 5 && options.faults.count == 1)
        #expect(throws: SimulatorOptionsError.unknownArgument("--socket")) { try options.apply(flag: "--socket", value: "x") }
        #expect(Set(SimulatorOptions.flagDescriptions.map(\.flag)) == SimulatorOptions.flagsTakingValues)
    }

    @Test("a keys file gives one pair per line, skipping comments")
    func keysFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        try "# accounts\nalice:alice-secret\n\n  bob:bob-secret  \n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = try SimulatorOptions.parse(arguments: ["--access-keys-file", path])
        #expect(options.accessKeys.map(\.id) == ["alice", "bob"])
        try "alice\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SimulatorOptionsError.malformedKeysFile(path: path, line: 1)) {
            try SimulatorOptions.parse(arguments: ["--access-keys-file", path])
        }
    }

    @Test("help names the demo pair and every flag")
    func help() throws {
        #expect(try SimulatorOptions.parse(arguments: ["--help"]).showHelp)
        for text in ["testid", "testsecret", "--listen", "--transition-ms", "--access-key", "--access-keys-file", "--state", "--fault", "--seed"] {
            #expect(SimulatorOptions.helpText.contains(text))
        }
    }
}

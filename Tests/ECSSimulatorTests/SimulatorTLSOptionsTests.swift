import ECSSimulator
import HTTPServer
import Testing

/// `--tls-certificate` / `--tls-key` parsing (loading a real pair is covered by HTTPServerTests and EndToEndTests).
@Suite("Simulator TLS options")
struct SimulatorTLSOptionsTests {
    @Test("one flag without the other is refused, naming the missing one")
    func incompletePair() {
        #expect(throws: SimulatorOptionsError.incompleteTLS(missing: "--tls-key")) {
            try SimulatorOptions.parse(arguments: ["--tls-certificate", "/tmp/cert.pem"])
        }
        #expect(throws: SimulatorOptionsError.incompleteTLS(missing: "--tls-certificate")) {
            try SimulatorOptions.parse(arguments: ["--tls-key=/tmp/key.pem", "--quiet"])
        }
        #expect(throws: SimulatorOptionsError.missingValue("--tls-key")) {
            try SimulatorOptions.parse(arguments: ["--tls-certificate", "/tmp/cert.pem", "--tls-key"])
        }
    }

    @Test("an unreadable pair is refused at parse time with the file named")
    func unreadablePair() {
        let error = SimulatorOptionsError.unusableTLS(
            .unreadableCertificate(path: "/nonexistent/cert.pem", reason: "No such file or directory"))
        #expect(throws: error) {
            try SimulatorOptions.parse(arguments: ["--tls-certificate=/nonexistent/cert.pem", "--tls-key=/nonexistent/key.pem"])
        }
        #expect(error.description == "cannot read the TLS certificate /nonexistent/cert.pem: No such file or directory")
    }

    @Test("without TLS flags the simulator serves plain HTTP; --help does not load the files")
    func plainByDefault() throws {
        #expect(try SimulatorOptions.parse(arguments: []).http.tls == nil)
        let help = try SimulatorOptions.parse(arguments: ["--tls-certificate", "/nonexistent", "--help"])
        #expect(help.showHelp && help.http.tls == nil)
    }

    @Test("the TLS flags belong to ecsrpc simulate only: extract (serve --simulator) leaves them alone")
    func standAloneOnly() throws {
        let (options, remaining) = try SimulatorOptions.extract(from: ["--tls-certificate", "c.pem", "--seed", "3"])
        #expect(remaining == ["--tls-certificate", "c.pem"])
        #expect(options.seed == 3 && options.http.tls == nil)
        #expect(!SimulatorOptions.flagsTakingValues.contains("--tls-certificate"))
        #expect(SimulatorOptions.helpText.contains("--tls-certificate PEM") && SimulatorOptions.helpText.contains("--tls-key PEM"))
    }
}

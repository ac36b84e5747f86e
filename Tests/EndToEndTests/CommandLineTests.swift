import JSON
import Testing
import TestSupport

@Suite("Command line")
struct CommandLineTests {
    private func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try ServerProcess.launch(arguments, testMethods: false)
        process.closeInput()
        let status = try await process.waitForExit()
        let stdout = try await process.remainingLines()
        return (status, stdout.joined(separator: "\n"), process.stderrLines().joined(separator: "\n"))
    }

    @Test("--version prints the name and version and exits 0")
    func version() async throws {
        let result = try await run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "ecsrpc 0.1.0")
    }

    @Test("--help lists the subcommands and exits 0")
    func help() async throws {
        let result = try await run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ecsrpc serve"))
        #expect(result.stdout.contains("ecsrpc simulate"))
    }

    @Test("serve --help documents every backbone option")
    func serveHelp() async throws {
        let result = try await run(["serve", "--help"])
        #expect(result.status == 0)
        for option in ["--socket", "--stdio", "--allow-uid", "--max-message-bytes", "--max-in-flight", "--shutdown-timeout", "--log-level"] {
            #expect(result.stdout.contains(option), "missing \(option)")
        }
    }

    @Test(
        "usage errors say why and exit 64",
        arguments: [
            ["serve", "--bogus"], ["frobnicate"], [], ["serve", "--socket"], ["serve", "--max-message-bytes", "0"],
            ["serve", "--log-level", "loud"], ["serve", "--shutdown-timeout", "soon"], ["serve", "--allow-uid", "root"],
            ["serve", "extra"],
        ])
    func usageErrors(arguments: [String]) async throws {
        let result = try await run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("ecsrpc: error:"))
        #expect(result.stdout.isEmpty)
    }
}

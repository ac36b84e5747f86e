import Foundation
import JSON
import TestSupport
import Testing

/// The built `ecsrpc` binary beside the test bundle (swift test builds it with the tests).
private let binary: URL? = {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidate = directory.appendingPathComponent("ecsrpc")
    return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
}()

/// A spawned `ecsrpc simulate` (TestSupport's `ServerProcess`: no inherited descriptors, reaped on its own thread).
private struct SimulateProcess {
    let process: ServerProcess

    static func launch(_ arguments: [String]) throws -> SimulateProcess {
        guard let binary else { throw TestSupportError.unexpected("no ecsrpc binary") }
        let process = try ServerProcess(executable: binary.path, arguments: ["simulate"] + arguments)
        process.closeInput()
        return SimulateProcess(process: process)
    }

    /// The first stdout line.
    func firstLine() async throws -> String { try await process.nextLine() }

    /// Waits for exit; returns the status and everything left on stdout and stderr.
    func finish() async throws -> (status: Int32, output: String, errors: String) {
        let status = try await process.waitForExit()
        let rest = try await process.remainingLines()
        return (status, rest.joined(separator: "\n"), process.stderrLines().joined(separator: "\n"))
    }
}

@Suite("ecsrpc simulate (the built binary)", .enabled(if: binary != nil, "needs the built ecsrpc binary"))
struct SimulateCommandTests {
    @Test("--help prints the usage and the demo pair, and exits 0")
    func help() async throws {
        let run = try SimulateProcess.launch(["--help"])
        let (status, output, _) = try await run.finish()
        #expect(status == 0)
        #expect(output.contains("ecsrpc simulate") && output.contains("testid") && output.contains("testsecret"))
    }

    @Test("bad usage exits 64 (EX_USAGE, like serve and credentials) with the reason on stderr", arguments: [["--bogus"], ["--listen", "0.0.0.0:80"], ["--seed"]])
    func badUsage(arguments: [String]) async throws {
        let run = try SimulateProcess.launch(arguments)
        let (status, output, errors) = try await run.finish()
        #expect(status == 64)
        #expect(output.isEmpty)
        #expect(errors.hasPrefix("ecsrpc simulate: "))
    }

    @Test("the first stdout line names the address; SIGTERM stops it cleanly and saves the state")
    func runAndStop() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("simulate-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try SimulateProcess.launch(["--listen", "127.0.0.1:0", "--transition-ms", "10", "--state", path])
        let line = try await run.firstLine()
        #expect(line.hasPrefix("listening on http://127.0.0.1:"))
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        let connection = try await LoopbackHTTPConnection.open(port: port)
        let health = try await connection.exchange("GET /_simulator/health HTTP/1.1\r\n\r\n")
        #expect(health.status == 200)
        let regions = try await connection.exchange(TestSigner().rpc("DescribeRegions"))
        #expect(regions.status == 200)
        _ = try await connection.exchange("POST /_simulator/reset HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        run.process.signal(SIGTERM)
        let (status, _, errors) = try await run.finish()
        #expect(status == 0)
        #expect(errors.contains("SIGTERM, stopping"))
        #expect(errors.contains("DescribeRegions 200"))
        #expect(!errors.contains("testsecret"))
        #expect(FileManager.default.fileExists(atPath: path))
    }
}

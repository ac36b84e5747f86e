import ECSRPCServer
import Foundation
import JSONRPC
import Transport

/// `ecsrpc serve`: builds the service from the options and runs it until shutdown.
enum ServeCommand {
    /// Every option group `serve` accepts; other parts of the program add their group here.
    static let optionGroups: [OptionGroup] = [
        .transport, .limits, .logging, .ecsBackend, .embeddedSimulator, .credentials, .guardrails,
    ]

    static let usage = """
        Usage: ecsrpc serve [--socket PATH [--stdio]] [options]

        Serves line-delimited JSON-RPC 2.0: one request per line in, one answer per line out.
        Without --socket it serves stdin/stdout (for a spawning editor or agent); with --socket it serves
        that Unix socket only (many clients; try 'socat - UNIX-CONNECT:PATH'); with both flags, both.
        SIGINT/SIGTERM (and stdin EOF when serving stdio only) stop it gracefully: requests in flight are
        answered, the socket file is removed, exit status 0.
        """

    static func run(arguments: [String]) async throws(UsageError) -> Int32 {
        var configuration = ServiceConfiguration()
        let outcome = try OptionParser.parse(
            arguments, groups: optionGroups, command: "ecsrpc serve", into: &configuration)
        if outcome == .help {
            StandardStreams.printOut(usage + "\n" + OptionParser.helpText(for: optionGroups))
            return 0
        }
        configuration.servesStdio = configuration.socketPath == nil || configuration[StdioRequested.self]
        configuration.enablesTestMethods = getenv("ECSRPC_TEST_METHODS").map { String(cString: $0) } == "1"

        let logSink = StandardErrorLogSink()
        let logger = Logger(level: configuration.logLevel, sink: logSink)
        let status: Int32
        do {
            let service = try await Service(configuration: configuration, logger: logger)
            status = await Server(service: service).run()
        } catch {
            logger.error("server.failed", ["error": .string(String(describing: error))])
            logSink.flush()
            StandardStreams.printError("ecsrpc: error: \(error)")
            return 1
        }
        logSink.flush()
        return status
    }
}

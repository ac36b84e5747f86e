import ECSRPCServer

/// The root command: picks the subcommand, answers `--help` and `--version`, maps usage errors to exit 64.
enum CommandLineTool {
    static let overview = """
        ecsrpc \(ServerVersion.version): drive Alibaba Cloud ECS over line-delimited JSON-RPC 2.0.

        Usage:
          ecsrpc serve [options]        Serve JSON-RPC on stdio and/or a Unix socket
          ecsrpc simulate [options]     Run the local ECS simulator (a fake ECS endpoint)
          ecsrpc credentials <command>  Manage stored credentials
          ecsrpc --version              Print the version
          ecsrpc --help                 Print this help

        Run 'ecsrpc <command> --help' for a command's options.
        """

    static func run(arguments: [String]) async -> Int32 {
        guard let first = arguments.first else {
            StandardStreams.printError(overview)
            StandardStreams.printError("ecsrpc: error: missing command")
            return UsageError.exitStatus
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--help", "-h", "help":
            StandardStreams.printOut(overview)
            return 0
        case "--version", "-V", "version":
            StandardStreams.printOut("\(ServerVersion.name) \(ServerVersion.version)")
            return 0
        case "serve":
            return await runReportingUsage { () async throws(UsageError) -> Int32 in try await ServeCommand.run(arguments: rest) }
        case "simulate":
            return await SimulateCommand.run(arguments: rest)
        case "credentials":
            return await CredentialsCommand.run(arguments: rest)
        default:
            return usageFailure(UsageError("unknown command '\(first)'"))
        }
    }

    static func runReportingUsage(_ body: () async throws(UsageError) -> Int32) async -> Int32 {
        do {
            return try await body()
        } catch {
            return usageFailure(error)
        }
    }

    /// Prints why the command line is wrong and where help is; returns 64.
    static func usageFailure(_ error: UsageError) -> Int32 {
        StandardStreams.printError("ecsrpc: error: \(error.message)\nRun '\(error.command) --help' for usage.")
        return UsageError.exitStatus
    }
}

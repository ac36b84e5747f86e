/// `ecsrpc simulate`: the stand-alone ECS simulator; wired to `ECSSimulator` when it lands.
enum SimulateCommand {
    static func run(arguments: [String]) async -> Int32 {
        StandardStreams.printError("ecsrpc: error: 'simulate' is not available yet in this build")
        return UsageError.exitStatus
    }
}

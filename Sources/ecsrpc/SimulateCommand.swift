import ECSSimulator

/// `ecsrpc simulate`: the stand-alone local ECS endpoint (all logic lives in `ECSSimulator`).
enum SimulateCommand {
    static func run(arguments: [String]) async -> Int32 {
        await SimulatorCommand.run(arguments: arguments)
    }
}

import Dispatch
import Foundation
import Glibc
import Synchronization

/// `ecsrpc simulate`: runs the simulator until SIGINT or SIGTERM, then saves state and exits.
public enum SimulatorCommand {
    /// Runs the command; returns the process exit status (0 clean stop, 64 bad usage as for `serve`, 1 failure).
    public static func run(arguments: [String]) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let options: SimulatorOptions
        do {
            options = try SimulatorOptions.parse(arguments: arguments)
        } catch {
            StandardError.write("ecsrpc simulate: \(error.description)")
            return 64
        }
        if options.showHelp {
            StandardOutput.write(SimulatorOptions.helpText)
            return 0
        }
        let simulator: ECSSimulatorServer
        do {
            simulator = try await ECSSimulatorServer.start(options) { StandardError.write("ecsrpc simulate: \($0)") }
        } catch {
            StandardError.write("ecsrpc simulate: cannot start: \(error)")
            return 1
        }
        StandardOutput.write("listening on \(simulator.address.url)")
        let keys = options.accessKeys.isEmpty ? "testid (demo pair)" : options.accessKeys.map(\.id).joined(separator: ", ")
        StandardError.write(
            "ecsrpc simulate: accounts \(keys); transition \(options.transitionMilliseconds) ms"
                + (options.stateFile.map { "; state \($0)" } ?? "") + "; faults \(options.faults.count)")
        let signal = await waitForTerminationSignal()
        StandardError.write("ecsrpc simulate: \(signal), stopping")
        await simulator.stop()
        return 0
    }

    /// Suspends until SIGINT or SIGTERM arrives; returns its name.
    private static func waitForTerminationSignal() async -> String {
        await withCheckedContinuation { continuation in
            let resumed = SignalLatch(continuation)
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                Glibc.signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { resumed.fire(name) }
                source.resume()
                resumed.keep(source)
            }
        }
    }
}

/// Resumes a continuation once, from whichever signal arrives first, and keeps the sources alive.
private final class SignalLatch: Sendable {
    private let state: Mutex<(continuation: CheckedContinuation<String, Never>?, sources: [DispatchSourceSignal])>

    init(_ continuation: CheckedContinuation<String, Never>) {
        state = Mutex((continuation, []))
    }

    func keep(_ source: DispatchSourceSignal) { state.withLock { $0.sources.append(source) } }

    func fire(_ name: String) {
        let continuation = state.withLock { state -> CheckedContinuation<String, Never>? in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: name)
    }
}

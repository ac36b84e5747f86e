import Dispatch
import Foundation
import ProcessSignals
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
        // Watched before the address is printed: whoever reads it may signal at once.
        let firstSignal = FirstSignal()
        TerminationSignals.watch { firstSignal.fire($0) }
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
                + (options.stateFile.map { "; state \($0)" } ?? "") + "; faults \(options.faults.count)"
                + (options.http.tls.map { "; https with \($0.certificateFile)" } ?? ""))
        let signal = await firstSignal.wait()
        StandardError.write("ecsrpc simulate: \(signal), stopping")
        await simulator.stop()
        return 0
    }
}

/// The first termination signal's name, awaited once.
private final class FirstSignal: Sendable {
    private let state = Mutex<(name: String?, waiter: CheckedContinuation<String, Never>?)>((nil, nil))

    func fire(_ name: String) {
        let waiter = state.withLock { state -> CheckedContinuation<String, Never>? in
            guard state.name == nil else { return nil }
            state.name = name
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: name)
    }

    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let name = state.withLock { state -> String? in
                if state.name == nil { state.waiter = continuation }
                return state.name
            }
            if let name { continuation.resume(returning: name) }
        }
    }
}

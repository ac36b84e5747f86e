import Foundation

/// Runs a blocking closure on its own `Thread` and awaits the result, keeping file locks and child processes off the
/// cooperative pool.
enum BlockingWork {
    static func run<Value: Sendable>(name: String = "credential-store", _ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: work())
            }
            thread.name = name
            thread.start()
        }
    }
}

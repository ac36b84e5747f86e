import Foundation

/// Runs a blocking closure on its own `Thread` and awaits the result, keeping file locks off the cooperative pool.
enum BlockingWork {
    static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: work())
            }
            thread.name = "credential-store"
            thread.start()
        }
    }
}

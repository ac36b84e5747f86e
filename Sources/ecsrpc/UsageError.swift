/// A command line that cannot be run: printed with a hint, exit status 64 (EX_USAGE).
struct UsageError: Error, Sendable, CustomStringConvertible {
    let message: String
    /// The command whose help the hint points at ("ecsrpc", "ecsrpc serve"…).
    var command = "ecsrpc"

    init(_ message: String, command: String = "ecsrpc") {
        self.message = message
        self.command = command
    }

    var description: String { message }

    static let exitStatus: Int32 = 64
}

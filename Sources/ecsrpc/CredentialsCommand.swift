/// `ecsrpc credentials`: the credential store commands; wired to `CredentialStore` when they land.
enum CredentialsCommand {
    static func run(arguments: [String]) async -> Int32 {
        StandardStreams.printError("ecsrpc: error: 'credentials' is not available yet in this build")
        return UsageError.exitStatus
    }
}

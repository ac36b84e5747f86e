import CredentialStore

/// `ecsrpc credentials add NAME | list | remove NAME | default NAME` (see `CredentialsTerminalCommand`).
enum CredentialsCommand {
    static func run(arguments: [String]) async -> Int32 {
        CredentialsTerminalCommand.run(arguments: arguments)
    }
}

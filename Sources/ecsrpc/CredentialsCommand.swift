import CredentialStore
import ECSClient

/// `ecsrpc credentials add NAME | list | remove NAME | default NAME` (see `CredentialsTerminalCommand`).
enum CredentialsCommand {
    static func run(arguments: [String]) async -> Int32 {
        CredentialsTerminalCommand.run(arguments: arguments, endpointProblem: endpointProblem)
    }

    /// Why calls could not use `endpoint` (the rules `credentials.set` applies), or nil when they can.
    static func endpointProblem(_ endpoint: String) -> String? {
        do throws(ECSClientError) {
            _ = try ECSEndpoint(parsing: endpoint)
            return nil
        } catch {
            guard case .invalidEndpoint(_, let reason) = error else { return error.description }
            return reason
        }
    }
}

import ECSRPCServer

extension OptionGroup {
    /// Which stored credentials calls use when they name none.
    static let credentials = OptionGroup(
        title: "Credentials",
        options: [
            CommandOption(
                "--profile", value: "NAME",
                help: "Stored profile for calls that pass neither keys nor 'profile' (before the store's default)."
            ) { configuration, value throws(UsageError) in
                guard !value.isEmpty else { throw UsageError("--profile needs a profile name", command: "ecsrpc serve") }
                configuration[CredentialsServerProfile.self] = value
            }
        ])
}

import ECSRPCServer

extension OptionGroup {
    /// Where ECS calls go, how they are signed, timeouts and retries.
    static let ecsBackend = OptionGroup(
        title: "ECS backend",
        options: [
            CommandOption(
                "--simulator", help: "Start the embedded ECS simulator on a loopback port and send every call there."
            ) { configuration, _ in
                configuration[ECSBackendSettingsKey.self].client.simulator = true
            },
            clientOption("--endpoint", value: "URL", help: "Send every call to this endpoint (https, or http to a loopback host).")
        ] + [
            ("--signature", "v1|acs3", "Signature scheme: v1 (RPC HMAC-SHA1, default) or acs3 (ACS3-HMAC-SHA256)."),
            ("--connect-timeout", "SECONDS", "Time allowed to connect (default 5)."),
            ("--read-timeout", "SECONDS", "Time allowed for the answer (default 10)."),
            ("--max-retries", "N", "Retries on throttling, 5xx and connection failures (default 3; 0 disables)."),
        ].map { clientOption($0.0, value: $0.1, help: $0.2) })

    /// The embedded simulator's own flags, passed through with `--simulator`.
    static let embeddedSimulator = OptionGroup(
        title: "Embedded simulator (with --simulator)",
        options: [
            ("--transition-ms", "MS", "Milliseconds per state transition (default 2000)."),
            ("--fault", "SPEC", "Inject faults, e.g. action=RunInstances,throttle=0.3,error5xx=0.1 (repeatable)."),
            ("--seed", "N", "Seed of the fault generator."),
            ("--access-key", "ID:SECRET", "Accept this key pair instead of the demo pair testid/testsecret (repeatable)."),
            ("--state", "FILE", "Keep the simulator's instances in FILE across restarts."),
        ].map { flag, value, help in
            CommandOption(flag, value: value, help: help) { configuration, text in
                configuration[ECSBackendSettingsKey.self].simulatorArguments += [flag, text]
            }
        })

    private static func clientOption(_ flag: String, value: String, help: String) -> CommandOption {
        CommandOption(flag, value: value, help: help) { configuration, text throws(UsageError) in
            do {
                try configuration[ECSBackendSettingsKey.self].client.apply(flag: flag, value: text)
            } catch {
                throw UsageError(String(describing: error), command: "ecsrpc serve")
            }
        }
    }
}

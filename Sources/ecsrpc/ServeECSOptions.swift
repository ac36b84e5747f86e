import ECSRPCServer
import ECSSimulator

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
            ("--read-timeout", "SECONDS", "Time allowed for the answer (default 10); an attempt gets connect + read in all."),
            ("--max-retries", "N", "Retries on throttling, 5xx and connection failures (default 3; 0 disables)."),
            ("--ca-file", "PATH", "PEM certificates to trust for HTTPS besides the system's (e.g. a company proxy's root)."),
        ].map { clientOption($0.0, value: $0.1, help: $0.2) })

    /// The embedded simulator's own flags (those of `ecsrpc simulate`), passed through with `--simulator`.
    static let embeddedSimulator = OptionGroup(
        title: "Embedded simulator (with --simulator)",
        options: SimulatorOptions.flagDescriptions.map { flag, valueName, help in
            CommandOption(flag, value: valueName, help: help) { configuration, text throws(UsageError) in
                var scratch = SimulatorOptions()
                do {
                    try scratch.apply(flag: flag, value: text)
                } catch {
                    throw UsageError(String(describing: error), command: "ecsrpc serve")
                }
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

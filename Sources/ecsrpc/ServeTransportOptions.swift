import ECSRPCServer
import Foundation

extension OptionGroup {
    /// Transports, limits and access: the backbone's `serve` options.
    static let transport = OptionGroup(
        title: "Transport",
        options: [
            CommandOption(
                "--socket", value: "PATH",
                help: "Serve a Unix socket at PATH (mode 0600; missing directories are created 0700). Alone, no stdio."
            ) { configuration, value throws(UsageError) in
                guard !value.isEmpty else { throw UsageError("--socket needs a path", command: "ecsrpc serve") }
                configuration.socketPath = value
            },
            CommandOption("--stdio", help: "Also serve stdin/stdout when --socket is given (the default without it).") {
                configuration, _ in
                configuration[StdioRequested.self] = true
            },
            CommandOption(
                "--allow-uid", value: "UID",
                help: "Also accept socket clients running as UID (repeatable; comma-separated list allowed)."
            ) { configuration, value throws(UsageError) in
                for part in value.split(separator: ",") {
                    guard let uid = UInt32(part.trimmingCharacters(in: .whitespaces)) else {
                        throw UsageError("--allow-uid needs numeric uids, got '\(value)'", command: "ecsrpc serve")
                    }
                    configuration.allowedUIDs.insert(uid)
                }
            },
        ])

    /// Message size, concurrency and shutdown limits.
    static let limits = OptionGroup(
        title: "Limits",
        options: [
            CommandOption(
                "--max-message-bytes", value: "N",
                help: "Longest request line in bytes (default 4194304); longer lines get error -32010 and are skipped."
            ) { configuration, value throws(UsageError) in
                configuration.maxMessageBytes = try OptionParser.positiveInteger(value, option: "--max-message-bytes")
            },
            CommandOption(
                "--max-in-flight", value: "N",
                help: "Requests handled at once per connection before reading pauses (default 128)."
            ) { configuration, value throws(UsageError) in
                configuration.maxInFlightPerConnection = try OptionParser.positiveInteger(value, option: "--max-in-flight")
            },
            CommandOption(
                "--shutdown-timeout", value: "SECONDS",
                help: "How long SIGINT/SIGTERM waits for requests in flight (default 10)."
            ) { configuration, value throws(UsageError) in
                configuration.shutdownTimeout = try OptionParser.seconds(value, option: "--shutdown-timeout")
            },
        ])

    /// Logging to stderr.
    static let logging = OptionGroup(
        title: "Logging",
        options: [
            CommandOption(
                "--log-level", value: "LEVEL",
                help: "debug, info (default), warning or error. Logs are JSON lines on stderr; secrets are masked."
            ) { configuration, value throws(UsageError) in
                guard let level = LogLevelName.parse(value) else {
                    throw UsageError("--log-level must be debug, info, warning or error, got '\(value)'", command: "ecsrpc serve")
                }
                configuration.logLevel = level
            }
        ])
}

/// Whether `--stdio` was given; with `--socket`, stdio is served only then.
enum StdioRequested: ServiceConfigurationKey {
    static let defaultValue = false
}

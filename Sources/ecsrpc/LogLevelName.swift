import JSONRPC

/// Parses `--log-level` values.
enum LogLevelName {
    static func parse(_ value: String) -> LogLevel? { LogLevel(name: value) }
}

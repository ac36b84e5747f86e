import JSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one JSON object per line: `time`, `level`, `event`, then the fields, secret-like keys masked.
public struct Logger: Sendable {
    /// The least severe level written.
    public var level: LogLevel
    /// Fields added to every line (e.g. the connection id).
    public var metadata: JSONObject
    let sink: any LogSink

    public init(level: LogLevel = .info, sink: any LogSink, metadata: JSONObject = JSONObject()) {
        self.level = level
        self.sink = sink
        self.metadata = metadata
    }

    /// A logger that writes nothing.
    public static let disabled = Logger(level: .error, sink: DiscardingLogSink())

    /// Whether lines at `level` are written.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// A logger adding `fields` to each of its lines.
    public func with(_ fields: JSONObject) -> Logger {
        var copy = self
        for (key, value) in fields { copy.metadata[key] = value }
        return copy
    }

    /// Writes one line when `level` is enabled; values of secret-like keys become `"***"`.
    public func log(_ level: LogLevel, _ event: String, _ fields: JSONObject = JSONObject()) {
        guard isEnabled(level) else { return }
        var line = JSONObject()
        line["time"] = .string(Self.timestamp())
        line["level"] = .string(level.description)
        line["event"] = .string(event)
        for (key, value) in metadata { line[key] = value }
        for (key, value) in fields { line[key] = value }
        sink.write(JSONValue.object(Redaction.redact(line)).serializedBytes())
    }

    public func debug(_ event: String, _ fields: JSONObject = JSONObject()) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: JSONObject = JSONObject()) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: JSONObject = JSONObject()) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: JSONObject = JSONObject()) { log(.error, event, fields) }

    /// UTC time as `2026-01-31T12:34:56.789Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let millis = Int32(now.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }
}

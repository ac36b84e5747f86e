/// The syslog severities MCP logging uses (`logging/setLevel`, `notifications/message`), least severe first.
public enum MCPLogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug, info, notice, warning, error, critical, alert, emergency

    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        case .alert: "alert"
        case .emergency: "emergency"
        }
    }

    public static func < (lhs: MCPLogLevel, rhs: MCPLogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

import ECSRPCServer

/// One `--flag` or `--option VALUE` of a subcommand, and how it changes the configuration.
struct CommandOption: Sendable {
    let name: String
    /// Shown in help (`PATH`, `N`…); `nil` for a flag without value.
    let valueName: String?
    let help: String
    let apply: @Sendable (inout ServiceConfiguration, String) throws(UsageError) -> Void

    init(
        _ name: String, value valueName: String? = nil, help: String,
        apply: @escaping @Sendable (inout ServiceConfiguration, String) throws(UsageError) -> Void
    ) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.apply = apply
    }
}

/// Options shown together under a heading in `--help`; each part of the program contributes its own group.
struct OptionGroup: Sendable {
    let title: String
    let options: [CommandOption]
}

/// Parses `--name VALUE`, `--name=VALUE` and flags against option groups.
enum OptionParser {
    enum Outcome: Equatable {
        case run
        case help
    }

    static func parse(
        _ arguments: [String], groups: [OptionGroup], command: String, into configuration: inout ServiceConfiguration
    ) throws(UsageError) -> Outcome {
        let options = groups.flatMap(\.options)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .help }
            guard argument.hasPrefix("--") else {
                throw UsageError("unexpected argument '\(argument)'", command: command)
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '\(name)'", command: command)
            }
            if option.valueName == nil {
                if inlineValue != nil { throw UsageError("\(name) takes no value", command: command) }
                try option.apply(&configuration, "")
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("\(name) needs a value (\(option.valueName ?? "VALUE"))", command: command)
            }
            try option.apply(&configuration, value)
        }
        return .run
    }

    /// The options part of `--help`.
    static func helpText(for groups: [OptionGroup]) -> String {
        var lines: [String] = []
        for group in groups {
            lines.append("")
            lines.append("\(group.title):")
            for option in group.options {
                let label = option.valueName.map { "\(option.name) \($0)" } ?? option.name
                let padded = label.count < 28 ? label + String(repeating: " ", count: 28 - label.count) : label + "  "
                lines.append("  \(padded)\(option.help)")
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Value parsing helpers

    static func positiveInteger(_ value: String, option: String, command: String = "ecsrpc serve") throws(UsageError) -> Int {
        guard let number = Int(value), number > 0 else {
            throw UsageError("\(option) needs a positive integer, got '\(value)'", command: command)
        }
        return number
    }

    static func seconds(_ value: String, option: String, command: String = "ecsrpc serve") throws(UsageError) -> Duration {
        guard let number = Double(value), number >= 0, number.isFinite, number <= 86_400 else {
            throw UsageError("\(option) needs a number of seconds, got '\(value)'", command: command)
        }
        return .milliseconds(Int((number * 1000).rounded()))
    }
}

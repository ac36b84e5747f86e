import ECSRPCServer

extension OptionGroup {
    /// `--read-only`, `--allow-methods`, `--confirm-destructive`: limits for autonomous agents (plain and MCP alike).
    static let guardrails = OptionGroup(
        title: "Guardrails (for autonomous agents; server.info and MCP initialize report them)",
        options: [
            CommandOption("--read-only", help: "Only methods that change nothing are listed and callable.") { configuration, _ in
                configuration[GuardrailsKey.self].readOnly = true
            },
            CommandOption(
                "--allow-methods", value: "A,B,…",
                help: "Only these methods (or MCP tool names) besides ping, server.info and the MCP protocol."
            ) { configuration, value throws(UsageError) in
                let methods = Guardrails.methodList(value)
                let known = Set(OpenRPCDocument.methodNames)
                if let unknown = methods.sorted().first(where: { !known.contains($0) }) {
                    throw UsageError("--allow-methods: unknown method '\(unknown)'", command: "ecsrpc serve")
                }
                guard !methods.isEmpty else { throw UsageError("--allow-methods needs method names", command: "ecsrpc serve") }
                configuration[GuardrailsKey.self].allowedMethods = methods
            },
            CommandOption(
                "--confirm-destructive",
                help: "instances.stop and instances.terminate need \"confirm\": true; otherwise they report what they would do."
            ) { configuration, _ in
                configuration[GuardrailsKey.self].confirmDestructive = true
            },
        ])
}

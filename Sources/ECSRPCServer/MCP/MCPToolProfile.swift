/// What MCP hosts and guardrails need to know about a method beyond its schemas: a title, honest behaviour hints
/// and advice for a model. The schemas themselves come only from `schema/openrpc.json`.
public struct MCPToolProfile: Sendable, Hashable {
    public var method: String
    public var title: String
    /// Changes nothing anywhere (also what `--read-only` lets through).
    public var readOnly: Bool
    /// May destroy or interrupt something (only meaningful when not read-only).
    public var destructive: Bool
    /// Repeating the call with the same arguments has no further effect.
    public var idempotent: Bool
    /// Talks to the outside world (Alibaba Cloud) rather than local state.
    public var openWorld: Bool
    /// Extra sentences for the tool description, written for a model.
    public var guidance: String
    /// Whether `--confirm-destructive` asks for `"confirm": true`.
    public var needsConfirmation: Bool = false
    /// The status `wait` waits for after this action, if `wait` applies.
    public var waitTarget: String? = nil

    /// The MCP tool name: the method name with dots as underscores (`instances.create` → `instances_create`),
    /// since several model APIs refuse dots in tool names.
    public var toolName: String { Self.toolName(for: method) }

    public static func toolName(for method: String) -> String { String(method.map { $0 == "." ? "_" : $0 }) }
}

extension MCPToolProfile {
    /// The methods offered as MCP tools, in the order `tools/list` gives them.
    public static let all: [MCPToolProfile] = [
        MCPToolProfile(
            method: "regions.list", title: "List ECS regions", readOnly: true, destructive: false, idempotent: true,
            openWorld: true, guidance: "Use it to find a regionId; most other tools need one."),
        MCPToolProfile(
            method: "images.list", title: "List ECS images", readOnly: true, destructive: false, idempotent: true,
            openWorld: true, guidance: "Pick an ImageId from body.Images.Image for instances_create."),
        MCPToolProfile(
            method: "instanceTypes.list", title: "List ECS instance types", readOnly: true, destructive: false,
            idempotent: true, openWorld: true,
            guidance: "Pick an InstanceTypeId from body.InstanceTypes.InstanceType for instances_create."),
        MCPToolProfile(
            method: "instances.list", title: "List ECS instances", readOnly: true, destructive: false, idempotent: true,
            openWorld: true, guidance: "Shows each instance's Status (Pending, Starting, Running, Stopping, Stopped)."),
        MCPToolProfile(
            method: "instances.wait", title: "Wait for ECS instances to reach a state", readOnly: true,
            destructive: false, idempotent: true, openWorld: true,
            guidance: "Use it instead of polling instances_list yourself: it returns when every instance is Running, "
                + "Stopped or Deleted, and reports progress while it waits. On timeout it says which instances did not "
                + "get there and their last status; ids that stay absent for notFoundGraceSeconds (default 10) fail "
                + "at once as not found."),
        MCPToolProfile(
            method: "instances.create", title: "Create ECS instances", readOnly: false, destructive: false,
            idempotent: false, openWorld: true,
            guidance: "Creates billable instances. Pass a clientToken to make a retry safe. With wait: true it returns "
                + "only when the new instances are Running.",
            waitTarget: "Running"),
        MCPToolProfile(
            method: "instances.start", title: "Start ECS instances", readOnly: false, destructive: false,
            idempotent: true, openWorld: true,
            guidance: "Only Stopped instances can start. With wait: true it returns when they are Running.",
            waitTarget: "Running"),
        MCPToolProfile(
            method: "instances.stop", title: "Stop ECS instances", readOnly: false, destructive: true,
            idempotent: true, openWorld: true,
            guidance: "Interrupts whatever runs on the instances. Only Running instances can stop. With wait: true it "
                + "returns when they are Stopped.",
            needsConfirmation: true, waitTarget: "Stopped"),
        MCPToolProfile(
            method: "instances.reboot", title: "Reboot ECS instances", readOnly: false, destructive: true,
            idempotent: false, openWorld: true,
            guidance: "Interrupts whatever runs on the instances. Only Running instances can reboot. With wait: true "
                + "it returns when they are Running again.",
            waitTarget: "Running"),
        MCPToolProfile(
            method: "instances.terminate", title: "Release (delete) ECS instances", readOnly: false,
            destructive: true, idempotent: true, openWorld: true,
            guidance: "Permanently deletes the instances and their system disks; this cannot be undone. Stopped "
                + "instances only, unless force: true. With wait: true it returns when they are gone.",
            needsConfirmation: true, waitTarget: "Deleted"),
        MCPToolProfile(
            method: "credentials.list", title: "List stored credential profiles", readOnly: true, destructive: false,
            idempotent: true, openWorld: false,
            guidance: "Shows which profiles the server can sign with (never their secrets); pass a profile name to "
                + "other tools when the default is not the one wanted."),
    ]

    /// The profile of `method` (dotted name) or of a tool name (underscored).
    public static func find(_ name: String) -> MCPToolProfile? {
        all.first { $0.method == name || $0.toolName == name }
    }

    /// Methods that change nothing and are not tools: allowed under `--read-only` (any other method that is not a
    /// read-only tool is refused there, so a method added later is refused until it is listed).
    public static let readOnlyBuiltins: Set<String> = ["ping", "server.info", "rpc.discover", "credentials.test"]
}

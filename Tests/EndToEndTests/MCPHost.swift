import JSON
import TestSupport

/// Drives a spawned `ecsrpc serve --simulator` the way an MCP host does: requests with ids, notifications in
/// between, answers matched by id.
struct MCPHost {
    let process: ServerProcess
    static let region = "cn-beijing"

    /// Starts the server with the embedded simulator (50 ms per state transition) plus `arguments`.
    static func start(_ arguments: [String] = []) throws -> MCPHost {
        MCPHost(process: try ServerProcess.launch(
            ["serve", "--simulator", "--transition-ms", "50"] + arguments, environment: ["ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"],
            testMethods: false))
    }

    func request(_ method: String, _ params: JSONValue? = nil, id: JSONValue) throws {
        try process.sendRequest(method, params: params, id: id)
    }

    func notify(_ method: String, _ params: JSONValue) throws {
        try process.sendNotification(method, params: params)
    }

    /// Reads until the answer to `id`; returns it with the notifications that came before it.
    func answer(_ id: JSONValue) async throws -> (answer: JSONValue, notifications: [JSONValue]) {
        var notifications: [JSONValue] = []
        while true {
            let message = try await process.nextMessage()
            if message["method"] != nil {
                notifications.append(message)
            } else if message["id"] == id {
                return (message, notifications)
            } else {
                throw TestSupportError.unexpected("answer to \(message["id"]?.serialized() ?? "?") while waiting for \(id.serialized())")
            }
        }
    }

    func call(_ method: String, _ params: JSONValue? = nil, id: JSONValue) async throws -> (answer: JSONValue, notifications: [JSONValue]) {
        try request(method, params, id: id)
        return try await answer(id)
    }

    /// `tools/call` of `tool`; `meta` goes in `_meta`.
    func tool(_ tool: String, _ arguments: JSONObject, id: JSONValue, meta: JSONObject? = nil) async throws
        -> (result: JSONValue, notifications: [JSONValue])
    {
        var params: JSONObject = ["name": .string(tool), "arguments": .object(arguments)]
        if let meta { params["_meta"] = .object(meta) }
        let (answer, notifications) = try await call("tools/call", .object(params), id: id)
        guard let result = answer["result"] else {
            throw TestSupportError.unexpected("tools/call \(tool) answered \(answer.serialized())")
        }
        return (result, notifications)
    }

    /// The MCP 2025-11-25 handshake.
    func initialize() async throws -> JSONValue {
        let (answer, _) = try await call(
            "initialize",
            ["protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "ecsrpc-tests", "version": "1"]],
            id: "init")
        try notify("notifications/initialized", [:])
        return answer
    }

    /// The first image and instance type the simulator offers in the test region.
    func catalogChoice() async throws -> (imageId: String, instanceType: String) {
        let images = try await tool("images_list", ["regionId": .string(Self.region), "pageSize": 10], id: "images").result
        let types = try await tool("instanceTypes_list", ["regionId": .string(Self.region), "maxResults": 10], id: "types").result
        guard let image = images["structuredContent"]?["body"]?["Images"]?["Image"]?[0]?["ImageId"]?.stringValue,
            let type = types["structuredContent"]?["body"]?["InstanceTypes"]?["InstanceType"]?[0]?["InstanceTypeId"]?.stringValue
        else { throw TestSupportError.unexpected("no image or instance type: \(images.serialized().prefix(300))") }
        return (image, type)
    }

    /// Creates `amount` instances and waits until they run.
    func createRunning(_ amount: Int, name: String) async throws -> [String] {
        let (image, type) = try await catalogChoice()
        let created = try await tool(
            "instances_create",
            ["regionId": .string(Self.region), "imageId": .string(image), "instanceType": .string(type), "amount": .number(JSONNumber(amount)),
             "instanceName": .string(name), "password": "Ecsrpc-Tests-2026", "wait": ["intervalSeconds": 0.02, "timeoutSeconds": 60]],
            id: .string("create-\(name)")).result
        guard let ids = created["structuredContent"]?["body"]?["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue),
            ids.count == amount
        else { throw TestSupportError.unexpected("create answered \(created.serialized().prefix(400))") }
        return ids
    }
}

extension JSONValue {
    /// The text of a tool result's first content block.
    var text: String { self["content"]?[0]?["text"]?.stringValue ?? "" }
}

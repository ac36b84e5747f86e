import JSON
import Testing

@testable import ECSRPCServer

@Suite("MCP tool catalog")
struct MCPToolCatalogTests {
    /// A small OpenRPC document in the shape of `schema/openrpc.json`, with shared descriptors behind `$ref`s.
    static let document: JSONValue = [
        "openrpc": "1.3.2",
        "methods": [
            ["name": "ping", "params": [], "result": ["name": "pong", "schema": ["type": "object"]]],
            [
                "name": "instances.stop", "summary": "Stops instances.", "description": "StopInstances, 100 ids per call.",
                "params": [
                    ["$ref": "#/components/contentDescriptors/RegionId"],
                    ["name": "instanceIds", "required": true, "description": "Instances to stop.",
                     "schema": ["type": "array", "items": ["type": "string"]]],
                    ["name": "accessKeySecret", "schema": ["type": "string"]],
                    ["name": "region_id", "description": "Alias of regionId.", "schema": ["type": "string"]],
                    ["name": "progressToken", "schema": ["type": ["string", "integer"]]],
                    ["$ref": "#/components/contentDescriptors/Wait"],
                ],
                "result": ["name": "result", "schema": ["$ref": "#/components/schemas/ActionResult"]],
            ],
            [
                "name": "regions.list", "summary": "Lists regions.", "params": [],
                "result": ["name": "regions", "schema": ["type": "array"]],
            ],
            ["name": "debug.sleep", "params": [], "result": ["name": "r", "schema": ["type": "object"]]],
        ],
        "components": [
            "contentDescriptors": [
                "RegionId": ["name": "regionId", "required": true, "schema": ["type": "string", "description": "Region."]],
                "Wait": ["name": "wait", "schema": ["$ref": "#/components/schemas/Wait"]],
            ],
            "schemas": [
                "ActionResult": ["type": "object", "properties": ["body": ["type": "object"], "headers": ["type": "object"]]],
                "Wait": ["oneOf": [["type": "boolean"], ["$ref": "#/components/schemas/WaitOptions"]]],
                "WaitOptions": ["type": "object", "properties": ["timeoutSeconds": ["type": "number"]]],
            ],
        ],
    ]

    @Test("one tool per profiled method of the document, in profile order, none for built-ins or debug methods")
    func toolsFollowTheDocument() {
        let catalog = MCPToolCatalog(document: Self.document)
        #expect(catalog.tools.map(\.name) == ["regions_list", "instances_stop"])
        #expect(catalog.tool(named: "instances.stop")?.name == "instances_stop")
        #expect(catalog.tool(named: "ping") == nil)
    }

    @Test("inputSchema comes from the params, references inlined, secrets, aliases and progressToken left out")
    func inputSchema() throws {
        let tool = try #require(MCPToolCatalog(document: Self.document).tool(named: "instances_stop"))
        let input = try #require(tool.definition["inputSchema"])
        #expect(input["type"] == "object")
        #expect(input["properties"]?.objectValue?.keys == ["regionId", "instanceIds", "wait"])
        #expect(input["required"] == ["regionId", "instanceIds"])
        #expect(input["properties"]?["instanceIds"]?["description"] == "Instances to stop.")
        #expect(input["properties"]?["wait"]?["oneOf"]?[1]?["properties"]?["timeoutSeconds"]?["type"] == "number")
        #expect(!input.serialized().contains("$ref"))
    }

    @Test("outputSchema is the result schema; a non-object result is wrapped as {result}")
    func outputSchema() throws {
        let catalog = MCPToolCatalog(document: Self.document)
        let stop = try #require(catalog.tool(named: "instances_stop"))
        #expect(stop.definition["outputSchema"]?["properties"]?["body"]?["type"] == "object")
        #expect(!stop.wrapsResult)
        let regions = try #require(catalog.tool(named: "regions_list"))
        #expect(regions.wrapsResult)
        #expect(regions.definition["outputSchema"]?["type"] == "object")
        #expect(regions.structuredContent(for: [1, 2]) == ["result": [1, 2]])
    }

    @Test("annotations say honestly what a tool does")
    func annotations() throws {
        let stop = try #require(MCPToolCatalog(document: Self.document).tool(named: "instances_stop"))
        let annotations = try #require(stop.definition["annotations"])
        #expect(annotations["readOnlyHint"] == false)
        #expect(annotations["destructiveHint"] == true)
        #expect(stop.definition["title"] == "Stop ECS instances")
        let description = stop.definition["description"]?.stringValue ?? ""
        #expect(description.hasPrefix("Stops instances.\n\nInterrupts whatever runs on the instances."))
        #expect(!description.contains("100 ids per call"))
        #expect(description.contains("never pass secrets"))
        for profile in MCPToolProfile.all where profile.readOnly {
            #expect(profile.needsConfirmation == false && profile.destructive == false)
        }
    }

    @Test("unavailable methods (not registered or refused by a guardrail) are not offered")
    func availability() {
        let catalog = MCPToolCatalog(document: Self.document) { $0 != "instances.stop" }
        #expect(catalog.tools.map(\.name) == ["regions_list"])
    }

    @Test("a reference cycle resolves to an accept-anything schema instead of looping")
    func cycles() {
        let document: JSONValue = ["components": ["schemas": ["A": ["type": "object", "properties": ["a": ["$ref": "#/components/schemas/A"]]]]]]
        let inlined = JSONSchemaInliner(document: document).inline(["$ref": "#/components/schemas/A"])
        #expect(inlined == ["type": "object", "properties": ["a": [:]]])
    }
}

@Suite("MCP tool results")
struct MCPToolResultTests {
    static let tool = MCPToolCatalog(document: MCPToolCatalogTests.document).tool(named: "instances_stop")

    @Test("a result carries structuredContent and a text rendering that starts with a summary")
    func success() throws {
        let tool = try #require(Self.tool)
        let result: JSONValue = [
            "body": ["RequestId": "R-1", "InstanceResponses": ["InstanceResponse": [
                ["InstanceId": "i-a", "PreviousStatus": "Running", "CurrentStatus": "Stopping"]]]],
            "headers": [:],
            "wait": ["status": "Stopped", "reached": ["i-a"], "instances": [["instanceId": "i-a", "status": "Stopped"]],
                     "elapsedSeconds": 1.5],
        ]
        let answer = MCPToolResult.success(tool: tool, result: result)
        #expect(answer["isError"] == false)
        #expect(answer["structuredContent"] == result)
        let text = answer["content"]?[0]?["text"]?.stringValue ?? ""
        #expect(text.hasPrefix("Stop requested: i-a Running → Stopping. Then 1 of 1 reached Stopped after 1.5 s. (RequestId R-1)\n"))
        #expect(try JSONValue.parse(String(text.split(separator: "\n", maxSplits: 1)[1])) == result)
    }

    @Test("summaries name what a result holds")
    func summaries() {
        #expect(MCPResultSummary.line(method: "credentials.list", result: [
            "profiles": [["name": "home", "isDefault": false], ["name": "work", "isDefault": true]], "defaultProfile": "work",
        ]) == "2 credential profiles: home, work (default).")
        #expect(MCPResultSummary.line(method: "instances.create", result: [
            "body": ["InstanceIdSets": ["InstanceIdSet": ["i-a"]], "RequestId": "R"],
        ]) == "Created 1 instance: i-a. (RequestId R)")
        #expect(MCPResultSummary.line(method: "instances.list", result: [
            "body": ["Instances": ["Instance": [["InstanceId": "i-a", "InstanceName": "web", "Status": "Running"]]], "TotalCount": 1],
        ]) == "1 instance (of 1): i-a (web, Running).")
        #expect(MCPResultSummary.line(method: "instances.stop", result: ["body": [:], "dryRun": ["passed": true, "message": "Request validation has been passed"]])
            == "Dry run passed: Request validation has been passed. Nothing was changed.")
    }

    @Test("an ECS error becomes an isError result naming the code, message, request id and the next step")
    func ecsError() {
        let answer = MCPToolResult.failure(
            method: "instances.stop", code: -32001, message: "ECS service error",
            data: ["code": "IncorrectInstanceStatus", "message": "The current status of the resource does not support this operation.",
                   "httpStatus": 403, "requestId": "9F1C-REQ", "action": "StopInstances", "retryable": false])
        #expect(answer["isError"] == true)
        let text = answer["content"]?[0]?["text"]?.stringValue ?? ""
        #expect(text.hasPrefix("ECS error IncorrectInstanceStatus (HTTP 403) from StopInstances: The current status"))
        #expect(text.contains("Request id: 9F1C-REQ"))
        #expect(text.contains("What to do: the instance is in the wrong state"))
        #expect(answer["structuredContent"]?["error"]?["data"]?["requestId"] == "9F1C-REQ")
    }

    @Test("other errors say what failed and what to do")
    func otherErrors() {
        let invalid = MCPToolResult.failure(
            method: "instances.stop", code: -32602, message: "Invalid params: instanceIds is required",
            data: ["parameter": "instanceIds", "problem": "is required"])
        #expect(invalid["content"]?[0]?["text"] == .string(
            "instances_stop failed: Invalid params: instanceIds is required\nWhat to do: fix the argument `instanceIds` "
                + "(see the tool's inputSchema) and call instances_stop again."))
        let confirm = MCPToolResult.failure(
            method: "instances.terminate", code: -32006, message: "Confirmation required", data: ["confirmationRequired": true])
        #expect(confirm["content"]?[0]?["text"]?.stringValue?.contains("\"confirm\": true") == true)
    }

    @Test("JSON pointer tokens read ~1 as / and ~0 as ~, in that order")
    func pointerTokens() {
        #expect(JSONSchemaInliner.unescaped("a~1b") == "a/b")
        #expect(JSONSchemaInliner.unescaped("~01") == "~1")
        #expect(JSONSchemaInliner.unescaped("plain") == "plain")
        let document: JSONValue = ["components": ["schemas": ["a/b": ["type": "string"], "c~d": ["type": "integer"]]]]
        let inliner = JSONSchemaInliner(document: document)
        #expect(inliner.resolve("#/components/schemas/a~1b") == ["type": "string"])
        #expect(inliner.resolve("#/components/schemas/c~0d") == ["type": "integer"])
    }
}

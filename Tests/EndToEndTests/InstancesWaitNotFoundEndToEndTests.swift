import JSON
import Testing

extension ECSMethodsEndToEndTests {
    @Test("instances.wait on an id the simulator does not know is -32008 after notFoundGraceSeconds; create's wait still works")
    func waitForUnknownInstance() async throws {
        let server = try await ECSMethodsProcess(serve: ["--simulator", "--transition-ms", "50"])
        defer { server.stop() }
        let ids = try await Self.create(
            server, amount: 1, name: "grace", extra: ["wait": ["timeoutSeconds": 60, "notFoundGraceSeconds": 5]])
        let id = try #require(ids.first)
        let ghost = "i-2zenotthere000000001"
        let error = try await server.error(
            "instances.wait",
            merged(
                merged(seedKeys, Self.beijing),
                ["instanceIds": [.string(id), .string(ghost)], "status": "Running", "timeoutSeconds": 120,
                 "notFoundGraceSeconds": 0.3]))
        #expect(error["code"] == -32008)
        #expect(error["data"]?["missing"] == [.string(ghost)])
        #expect(error["data"]?["reached"] == [.string(id)])
        #expect(error["message"]?.stringValue?.contains(ghost) == true)
    }
}

import JSON
import JSONRPC
import Testing

@Suite("Parameters")
struct ParametersTests {
    private let parameters = Parameters([
        "regionId": "cn-hangzhou", "RegionIdAlias": "x", "count": 3, "ratio": 0.5, "dryRun": true,
        "ids": ["i-1", "i-2"], "tags": ["k": "v"], "nothing": nil, "empty": "",
    ])

    private func problem(_ body: () throws -> Void) -> (parameter: String?, problem: String?) {
        do {
            try body()
            return (nil, nil)
        } catch let error as RPCError {
            #expect(error.code == -32602)
            return (error.data?["parameter"]?.stringValue, error.data?["problem"]?.stringValue)
        } catch {
            Issue.record("unexpected \(error)")
            return (nil, nil)
        }
    }

    @Test("typed accessors read present values and treat null or absent as nil")
    func accessors() throws {
        #expect(try parameters.string("regionId") == "cn-hangzhou")
        #expect(try parameters.string("RegionId", aliases: ["regionId"]) == "cn-hangzhou")
        #expect(try parameters.requiredString("regionId") == "cn-hangzhou")
        #expect(try parameters.int("count") == 3)
        #expect(try parameters.requiredInt("count") == 3)
        #expect(try parameters.double("ratio") == 0.5)
        #expect(try parameters.bool("dryRun") == true)
        #expect(try parameters.stringArray("ids") == ["i-1", "i-2"])
        #expect(try parameters.object("tags") == ["k": "v"])
        #expect(try parameters.string("nothing") == nil)
        #expect(try parameters.int("missing") == nil)
        #expect(parameters.value("tags") == ["k": "v"])
        #expect(parameters.contains("count") && !parameters.contains("nothing"))
    }

    @Test("wrong types and missing values name the parameter and the problem")
    func problems() {
        #expect(problem { _ = try parameters.int("regionId") } == ("regionId", "must be an integer"))
        #expect(problem { _ = try parameters.int("ratio") } == ("ratio", "must be an integer"))
        #expect(problem { _ = try parameters.string("count") } == ("count", "must be a string"))
        #expect(problem { _ = try parameters.bool("count") } == ("count", "must be a boolean"))
        #expect(problem { _ = try parameters.stringArray("tags") } == ("tags", "must be an array of strings"))
        #expect(problem { _ = try Parameters(["ids": [1]]).stringArray("ids") } == ("ids", "must be an array of strings"))
        #expect(problem { _ = try parameters.object("ids") } == ("ids", "must be an object"))
        #expect(problem { _ = try parameters.requiredString("missing") } == ("missing", "is required"))
        #expect(problem { _ = try parameters.requiredString("empty") } == ("empty", "must not be empty"))
        #expect(problem { _ = try parameters.requiredInt("nothing") } == ("nothing", "is required"))
    }

    @Test("a wrong type under an alias names the alias the client sent")
    func aliasProblems() {
        let given = Parameters(["region_id": 7, "dry_run": "yes", "profile": "", "ids": "i-1"])
        #expect(problem { _ = try given.string("regionId", aliases: ["region_id"]) } == ("region_id", "must be a string"))
        #expect(problem { _ = try given.bool("dryRun", aliases: ["dry_run"]) } == ("dry_run", "must be a boolean"))
        #expect(problem { _ = try given.int("count", aliases: ["dry_run"]) } == ("dry_run", "must be an integer"))
        #expect(problem { _ = try given.double("ratio", aliases: ["dry_run"]) } == ("dry_run", "must be a number"))
        #expect(problem { _ = try given.stringArray("instanceIds", aliases: ["ids"]) } == ("ids", "must be an array of strings"))
        #expect(problem { _ = try given.object("tags", aliases: ["ids"]) } == ("ids", "must be an object"))
        #expect(problem { _ = try given.requiredString("name", aliases: ["profile"]) } == ("profile", "must not be empty"))
        #expect(problem { _ = try given.requiredString("name", aliases: ["other"]) } == ("name", "is required"))
    }

    @Test("rejectUnknown names the first unknown key and ignores _meta and progressToken")
    func unknownKeys() {
        let given = Parameters(["a": 1, "_meta": ["x": 1], "progressToken": "t", "b": 2])
        #expect(problem { try given.rejectUnknown(allowed: ["a", "b"]) } == (nil, nil))
        #expect(problem { try given.rejectUnknown(allowed: ["a"]) } == ("b", "is not a known parameter"))
    }

    @Test("params must be an object or absent; positional arrays get -32602")
    func shape() throws {
        #expect(try Parameters(params: nil).object.isEmpty)
        #expect(try Parameters(params: .null).object.isEmpty)
        #expect(try Parameters(params: ["a": 1]).object == ["a": 1])
        #expect(problem { _ = try Parameters(params: [1, 2]) }.parameter == "params")
        #expect(problem { _ = try Parameters(params: "x") }.parameter == "params")
    }
}

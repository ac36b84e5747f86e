import CredentialStore
import ECSClient
import ECSOperations
import Testing

@Suite("Validation before any network call")
struct ValidationTests {
    let ecs = ScriptedECS { _, _ in (200, #"{"RequestId":"R"}"#) }

    func expectInvalid(_ name: String, _ work: () async throws(OperationError) -> OperationResult) async {
        do {
            _ = try await work()
            Issue.record("expected invalid \(name)")
        } catch {
            #expect(error == .invalidParameter(name: name, problem: { if case .invalidParameter(_, let p) = error { return p } else { return "" } }()))
        }
        #expect(ecs.calls.isEmpty)
    }

    @Test("bad values are refused naming the parameter, and nothing is sent")
    func refusedBeforeNetwork() async {
        let operations = makeOperations(ecs)
        await expectInvalid("amount") { () throws(OperationError) in
            try await operations.createInstances(CreateInstancesRequest(options: beijing, imageId: "img", instanceType: "ecs.t1.xsmall", amount: 101))
        }
        await expectInvalid("imageId") { () throws(OperationError) in
            try await operations.createInstances(CreateInstancesRequest(options: beijing, imageId: "", instanceType: "ecs.t1.xsmall"))
        }
        await expectInvalid("regionId") { () throws(OperationError) in
            try await operations.listInstances(ListInstancesRequest())
        }
        await expectInvalid("regionId") { () throws(OperationError) in
            try await operations.listInstances(ListInstancesRequest(options: CallOptions(regionId: "CN Beijing")))
        }
        await expectInvalid("status") { () throws(OperationError) in
            try await operations.listInstances(ListInstancesRequest(options: beijing, status: "Sleeping"))
        }
        await expectInvalid("pageSize") { () throws(OperationError) in
            try await operations.listImages(ListImagesRequest(options: beijing, pageSize: 0))
        }
        await expectInvalid("instanceIds") { () throws(OperationError) in
            try await operations.perform(InstanceActionRequest(action: .start, options: beijing, instanceIds: []))
        }
        await expectInvalid("stoppedMode") { () throws(OperationError) in
            try await operations.perform(InstanceActionRequest(action: .stop, options: beijing, instanceIds: ["i-1"], stoppedMode: "Nap"))
        }
        await expectInvalid("force") { () throws(OperationError) in
            try await operations.perform(InstanceActionRequest(action: .start, options: beijing, instanceIds: ["i-1"], force: true))
        }
        await expectInvalid("endpoint") { () throws(OperationError) in
            try await operations.listRegions(ListRegionsRequest(options: CallOptions(endpoint: "http://ecs.aliyuncs.com")))
        }
        await expectInvalid("accessKeyId") { () throws(OperationError) in
            try await operations.listRegions(ListRegionsRequest(options: CallOptions(credentials: CallCredentialsRequest(accessKeySecret: "s"))))
        }
    }

    @Test(
        "more than 100 instanceIds are listed whole, so a page they cannot honour is refused (a pager would loop forever)",
        arguments: [
            ("pageNumber", ListInstancesRequest(pageNumber: 2)), ("pageSize", ListInstancesRequest(pageSize: 10)),
            ("nextToken", ListInstancesRequest(nextToken: "t")), ("maxResults", ListInstancesRequest(maxResults: 10)),
        ])
    func pagingWithManyIds(parameter: String, paging: ListInstancesRequest) async throws {
        let operations = makeOperations(ecs)
        var request = paging
        request.options = beijing
        request.instanceIds = (0..<101).map { "i-\($0)" }
        do {
            _ = try await operations.listInstances(request)
            Issue.record("expected \(parameter) to be refused")
        } catch {
            guard case .invalidParameter(let name, let problem) = error else { Issue.record("\(error)"); return }
            #expect(name == parameter)
            #expect(problem.contains("more than 100 instanceIds"))
        }
        #expect(ecs.calls.isEmpty)
        // The same page over at most 100 ids is ECS's own paging; all (with pageSize as the fetch size) lists them whole.
        request.instanceIds = (0..<100).map { "i-\($0)" }
        _ = try await operations.listInstances(request)
        _ = try await operations.listInstances(
            ListInstancesRequest(options: beijing, instanceIds: (0..<101).map { "i-\($0)" }, pageSize: 50, all: true))
    }

    @Test("no credentials anywhere is its own error")
    func noCredentials() async {
        let operations = makeOperations(ecs, fallback: nil)
        await #expect(throws: OperationError.self) { try await operations.listRegions(ListRegionsRequest()) }
        #expect(ecs.calls.isEmpty)
    }

    @Test("credentials: explicit parameters, then the environment, then the fallback")
    func credentialOrder() async throws {
        let environment = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "envid", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "envsecret"]
        let provider = CallCredentialProvider.basic(environment: environment, fallback: demoCredentials)
        let explicit = try await provider.resolve(CallCredentialsRequest(accessKeyId: "a", accessKeySecret: "b"))
        #expect(explicit.credentials.accessKeyId == "a")
        #expect(explicit.credentials.source == "parameters")
        #expect(try await provider.resolve(CallCredentialsRequest()).credentials.accessKeyId == "envid")
        let fallback = try await CallCredentialProvider.basic(environment: [:], fallback: demoCredentials).resolve(CallCredentialsRequest())
        #expect(fallback.credentials == demoCredentials)
    }
}

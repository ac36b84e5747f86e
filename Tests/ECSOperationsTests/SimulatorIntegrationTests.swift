import ECSClient
import ECSOperations
import ECSSimulator
import JSON
import Testing

/// The core operations against the real in-process simulator, through the HTTP client.
@Suite("Operations against the simulator")
struct SimulatorIntegrationTests {
    static func withSimulator(
        signature: SignatureVersion = .rpcV1, faults: [FaultRule] = [],
        _ body: (ECSOperations, ECSSimulatorServer) async throws -> Void
    ) async throws {
        var options = SimulatorOptions(transitionMilliseconds: 30, faults: faults, logRequests: false)
        options.seed = 7
        let simulator = try await ECSSimulatorServer.start(options)
        let client = ECSClient(
            configuration: ECSClientConfiguration(
                signatureVersion: signature, fixedEndpoint: try ECSEndpoint(parsing: "http://\(simulator.endpoint)"),
                retryPolicy: RetryPolicy(maxRetries: 6, baseDelay: .milliseconds(5), throttlingBaseDelay: .milliseconds(5))))
        let operations = ECSOperations(
            client: client, credentialProvider: .basic(environment: [:], fallback: CallCredentialProvider.simulatorDemoCredentials))
        do {
            try await body(operations, simulator)
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    @Test("every action round-trips with both signature versions", arguments: [SignatureVersion.rpcV1, .acs3])
    func roundTrip(signature: SignatureVersion) async throws {
        try await Self.withSimulator(signature: signature) { (operations: ECSOperations, _: ECSSimulatorServer) async throws in
            let regions = try await operations.listRegions(ListRegionsRequest())
            #expect((regions.body["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 10)
            #expect(regions.headers["x-acs-request-id"] != nil)
            let types = try await operations.listInstanceTypes(ListInstanceTypesRequest(instanceTypes: ["ecs.t1.xsmall"]))
            #expect(types.body.serialized().contains(#""MemorySize":0.5"#))
            let created = try await operations.createInstances(
                CreateInstancesRequest(
                    options: CallOptions(regionId: "cn-beijing"), imageId: "debian_10_12_x64_20G_alibase_20220328.vhd",
                    instanceType: "ecs.t1.xsmall", systemDiskSize: 50, instanceName: "test", uniqueSuffix: true, amount: 3,
                    password: "Test1234!"))
            let idValues = try #require(created.body["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue)
            let ids = idValues.compactMap { $0.stringValue }
            #expect(ids.count == 3)
            #expect(created.chosen?["vSwitch"] != nil)
            let listed = try await operations.listInstances(ListInstancesRequest(options: CallOptions(regionId: "cn-beijing"), instanceIds: ids))
            let names = listed.body["Instances"]?["Instance"]?.arrayValue?.compactMap { $0["InstanceName"]?.stringValue }.sorted()
            #expect(names == ["test001", "test002", "test003"])
        }
    }
}

extension SimulatorIntegrationTests {
    @Test("throttling and 5xx faults are retried to success; a retried create launches once")
    func faults() async throws {
        let faults = [
            FaultRule(action: "DescribeRegions", throttleRate: 0.5),
            FaultRule(action: "RunInstances", error5xxRate: 0.3, dropRate: 0.3),
        ]
        try await Self.withSimulator(faults: faults) { (operations: ECSOperations, _: ECSSimulatorServer) async throws in
            for _ in 0..<6 { _ = try await operations.listRegions(ListRegionsRequest()) }
            var created: [String] = []
            for _ in 0..<5 {
                let result = try await operations.createInstances(
                    CreateInstancesRequest(options: CallOptions(regionId: "cn-beijing"), imageId: "debian_10_12_x64_20G_alibase_20220328.vhd", instanceType: "ecs.t1.xsmall"))
                created += result.body["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
            }
            #expect(created.count == 5)
            let all = try await operations.listInstances(ListInstancesRequest(options: CallOptions(regionId: "cn-beijing"), all: true))
            let listed = all.body["Instances"]?["Instance"]?.arrayValue?.compactMap { $0["InstanceId"]?.stringValue } ?? []
            #expect(Set(listed) == Set(created))
            #expect(listed.count == 5)
        }
    }

    @Test("the seed's weak password gets the service's own password error")
    func weakPassword() async throws {
        try await Self.withSimulator { (operations: ECSOperations, _: ECSSimulatorServer) async throws in
            do throws(OperationError) {
                _ = try await operations.createInstances(
                    CreateInstancesRequest(
                        options: CallOptions(endpoint: "ecs.cn-beijing.aliyuncs.com", regionId: "cn-beijing"),
                        imageId: "debian_10_12_x64_20G_alibase_20220328.vhd", instanceType: "ecs.t1.xsmall", systemDiskSize: 50,
                        instanceName: "test", uniqueSuffix: true, amount: 10, password: "test", dryRun: true))
                Issue.record("expected the password error")
            } catch {
                guard case .client(.service(let service)) = error else { Issue.record("\(error)"); return }
                #expect(service.code == "InvalidPassword.Malformed")
                #expect(service.httpStatus == 400)
            }
        }
    }
}

extension SimulatorIntegrationTests {
    @Test("waiting on an id the simulator does not know fails after the grace period, naming it; Deleted succeeds")
    func waitForUnknownInstance() async throws {
        try await Self.withSimulator { (operations: ECSOperations, _: ECSSimulatorServer) async throws in
            let beijing = CallOptions(regionId: "cn-beijing")
            let created = try await operations.createInstances(
                CreateInstancesRequest(
                    options: beijing, imageId: "debian_10_12_x64_20G_alibase_20220328.vhd", instanceType: "ecs.t1.xsmall",
                    amount: 1, password: "Test1234!"))
            let id = try #require(created.body["InstanceIdSets"]?["InstanceIdSet"]?[0]?.stringValue)
            let policy = WaitPolicy(timeout: .seconds(60), interval: .milliseconds(20), notFoundGrace: .milliseconds(300))
            let error = await #expect(throws: InstanceWaitNotFound.self) {
                try await operations.waitForInstances(
                    InstanceWaitRequest(options: beijing, instanceIds: [id, "i-2zenotthere000000001"], target: .running, policy: policy))
            }
            #expect(error?.missing == ["i-2zenotthere000000001"])
            #expect(error?.progress.statuses.first?.status != nil)
            let running = try await operations.waitForInstances(
                InstanceWaitRequest(options: beijing, instanceIds: [id], target: .running, policy: policy))
            #expect(running.progress.reached == [id])
            let deleted = try await operations.waitForInstances(
                InstanceWaitRequest(
                    options: beijing, instanceIds: ["i-2zenotthere000000001"], target: .deleted,
                    policy: WaitPolicy(timeout: .seconds(60), notFoundGrace: .zero)))
            #expect(deleted.progress.polls == 1)
        }
    }
}

extension SimulatorIntegrationTests {
    /// One type of every family in the simulator's catalog, with an image of its architecture.
    static func oneTypePerFamily(_ operations: ECSOperations) async throws -> [(type: String, arm: Bool)] {
        let listed = try await operations.listInstanceTypes(ListInstanceTypesRequest())
        var seen = Set<String>()
        var picked: [(type: String, arm: Bool)] = []
        for item in listed.body["InstanceTypes"]?["InstanceType"]?.arrayValue ?? [] {
            guard let id = item["InstanceTypeId"]?.stringValue, let family = item["InstanceTypeFamily"]?.stringValue,
                seen.insert(family).inserted
            else { continue }
            picked.append((id, item["CpuArchitecture"]?.stringValue == "ARM"))
        }
        return picked
    }

    @Test("create with only region, image and type passes for a type of every family, in a zone that sells it")
    func createPicksSellingZone() async throws {
        try await Self.withSimulator { (operations: ECSOperations, _: ECSSimulatorServer) async throws in
            let hangzhou = CallOptions(regionId: "cn-hangzhou")
            let types = try await Self.oneTypePerFamily(operations)
            #expect(types.count > 40)
            for (type, arm) in types {
                let image = arm ? "ubuntu_22_04_arm64_20G_alibase_20250625.vhd" : "ubuntu_22_04_x64_20G_alibase_20250722.vhd"
                do throws(OperationError) {
                    let result = try await operations.createInstances(
                        CreateInstancesRequest(options: hangzhou, imageId: image, instanceType: type, dryRun: true))
                    #expect(result.dryRun != nil, "\(type)")
                } catch {
                    Issue.record("\(type): \(error)")
                }
            }
            // Real launches land in the zone DescribeZones offers them in (our rule: g8i not in the oldest zone,
            // GPUs only in the newest, t1 only in the oldest).
            for (type, zone) in [
                ("ecs.g8i.large", nil), ("ecs.gn6i-c4g1.xlarge", "cn-hangzhou-k"), ("ecs.t1.xsmall", "cn-hangzhou-b"),
            ] as [(String, String?)] {
                let created = try await operations.createInstances(
                    CreateInstancesRequest(options: hangzhou, imageId: "ubuntu_22_04_x64_20G_alibase_20250722.vhd", instanceType: type))
                let chosenZone = created.chosen?["vSwitch"]?["zoneId"]?.stringValue
                if let zone { #expect(chosenZone == zone, "\(type)") }
                #expect(chosenZone != nil && chosenZone != "cn-hangzhou-b" || type == "ecs.t1.xsmall", "\(type)")
                let ids = created.body["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
                let listed = try await operations.listInstances(ListInstancesRequest(options: hangzhou, instanceIds: ids))
                #expect(listed.body["Instances"]?["Instance"]?[0]?["ZoneId"]?.stringValue == chosenZone, "\(type)")
            }
        }
    }
}

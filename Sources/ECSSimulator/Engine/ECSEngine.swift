// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// The simulated ECS service: catalog, default networks, instances and their state machine.
///
/// Takes raw wire parameters, answers with the body fields of a success (without `RequestId`) or the
/// service's error. Transitions are resolved lazily against the clock, so the state is plain data.
public actor ECSEngine {
    let configuration: EngineConfiguration
    let catalog = Catalog.shared
    var store = InstanceStore()
    var idempotency: [String: IdempotencyEntry] = [:]
    var generator = FastRandom()

    /// Bumps on every state change, so a caller can tell when to persist.
    public private(set) var revision = 0

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
    }

    /// Body fields of a successful answer (without RequestId), or the service error.
    /// Unknown actions fail with `InvalidAction.NotFound` (404).
    public func perform(_ call: ECSCall) async -> Result<JSONObject, ECSServiceError> {
        do {
            return .success(try handle(call).object)
        } catch {
            return .failure(error)
        }
    }

    /// Like `perform`, but lists of records may come pre-serialized: what the HTTP gateway sends as is.
    public func answer(_ call: ECSCall) async -> Result<ECSAnswer, ECSServiceError> {
        do {
            return .success(try handle(call))
        } catch {
            return .failure(error)
        }
    }

    /// Opaque JSON of all state, for `--state` files; restore it, snapshot again, and the bytes are the same.
    public func snapshot() -> Data {
        SnapshotWriter.encode(
            instances: store.allEntries, nextSequence: store.nextSequence,
            idempotency: idempotency.values.sorted { $0.key < $1.key })
    }

    /// Replaces all state with a snapshot's.
    public func restore(from data: Data) throws {
        let snapshot = try EngineSnapshot.decode(data)
        var restored = InstanceStore()
        for record in snapshot.instances.sorted(by: { $0.sequence < $1.sequence }) {
            restored.insert(record)
        }
        restored.nextSequence = max(restored.nextSequence, snapshot.nextSequence)
        store = restored
        idempotency = Dictionary(snapshot.idempotency.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        revision += 1
    }

    /// Forgets every instance and idempotency token.
    public func reset() {
        store = InstanceStore()
        idempotency = [:]
        revision += 1
    }

    /// All instances of all accounts as DescribeInstances items with an added `AccountId`, in creation order.
    public func listInstances() -> JSONValue {
        releaseExpiredInstances()
        let now = self.now
        return .array(
            store.allEntries.map { entry in
                var item = JSONObject([("AccountId", .string(entry.record.accountID))])
                for (key, value) in entry.describeItem(at: now) { item[key] = value }
                return .object(item)
            })
    }

    // MARK: - Dispatch

    func handle(_ call: ECSCall) throws(ECSServiceError) -> ECSAnswer {
        releaseExpiredInstances()
        let parameters = WireParameters(call.parameters)
        let account = call.accountID
        if call.action == "DescribeInstances" { return try describeInstances(parameters, account: account) }
        return ECSAnswer(fields: try handleOther(call.action, parameters, account: account))
    }

    private func handleOther(
        _ action: String, _ parameters: WireParameters, account: String
    ) throws(ECSServiceError) -> JSONObject {
        switch action {
        case "DescribeRegions": return try describeRegions(parameters)
        case "DescribeZones": return try describeZones(parameters)
        case "DescribeImages": return try describeImages(parameters)
        case "DescribeInstanceTypes": return try describeInstanceTypes(parameters)
        case "DescribeSecurityGroups": return try describeSecurityGroups(parameters)
        case "DescribeVSwitches": return try describeVSwitches(parameters)
        case "RunInstances": return try runInstances(parameters, account: account)
        case "CreateInstance": return try createInstance(parameters, account: account)
        case "DescribeInstanceStatus": return try describeInstanceStatus(parameters, account: account)
        case "StartInstances": return try changeInstances(.start, parameters, account: account)
        case "StopInstances": return try changeInstances(.stop, parameters, account: account)
        case "RebootInstances": return try changeInstances(.reboot, parameters, account: account)
        case "StartInstance": return try changeInstance(.start, parameters, account: account)
        case "StopInstance": return try changeInstance(.stop, parameters, account: account)
        case "RebootInstance": return try changeInstance(.reboot, parameters, account: account)
        case "DeleteInstances": return try deleteInstances(parameters, account: account)
        case "DeleteInstance": return try deleteInstance(parameters, account: account)
        default: throw .unknownAction
        }
    }

    // MARK: - Shared helpers

    var now: Date { configuration.clock.now() }

    /// Seconds per state transition.
    var transitionInterval: TimeInterval { Double(configuration.transitionMilliseconds) / 1000 }

    /// Instances whose AutoReleaseTime has passed are released, as the service does on its own.
    func releaseExpiredInstances() {
        if store.releaseExpired(at: now) { markChanged() }
    }

    func markChanged() {
        revision += 1
    }

    /// The catalog region named by the required `RegionId`.
    func requiredRegion(
        _ parameters: WireParameters, notFound: ECSServiceError = .regionNotFound
    ) throws(ECSServiceError) -> CatalogRegion {
        let regionID = try parameters.requiredString("RegionId")
        guard let region = catalog.region(regionID) else { throw notFound }
        return region
    }

    func network(of region: CatalogRegion) -> RegionNetwork {
        RegionNetwork.all[region.regionID] ?? RegionNetwork(region: region)
    }
}

import JSON

extension ECSOperations {
    /// The zones of the call's region that sell `instanceType` now, from DescribeZones (`AvailableInstanceTypes`,
    /// else `AvailableResources`); nil when the answer does not say (a refused call, a zone without the lists).
    ///
    /// Create uses it to pick a default vSwitch in a zone where RunInstances will not fail with
    /// `InvalidInstanceType.ZoneNotSupported`; an unknown answer leaves the choice to the old rule.
    func zonesOffering(_ instanceType: String, _ context: CallContext) async throws(OperationError) -> Set<String>? {
        let answer: OperationResult
        do {
            answer = try await perform("DescribeZones", ["Verbose": "true"], context, idempotent: true)
        } catch {
            if case .client(.service) = error { return nil }
            throw error
        }
        var offering = Set<String>()
        for zone in answer.body["Zones"]?["Zone"]?.arrayValue ?? [] {
            guard let zoneId = zone["ZoneId"]?.stringValue, let types = Self.offeredTypes(of: zone) else { return nil }
            let creatable = zone["AvailableResourceCreation"]?["ResourceTypes"]?.arrayValue?.compactMap(\.stringValue)
            if let creatable, !creatable.contains("Instance") { continue }
            if types.contains(instanceType) { offering.insert(zoneId) }
        }
        return offering
    }

    /// A DescribeZones item's instance types: `AvailableInstanceTypes.InstanceTypes`, or the union of
    /// `AvailableResources.ResourcesInfo[].InstanceTypes.supportedInstanceType`; nil when neither is present.
    private static func offeredTypes(of zone: JSONValue) -> Set<String>? {
        if let listed = zone["AvailableInstanceTypes"]?["InstanceTypes"]?.arrayValue {
            return Set(listed.compactMap(\.stringValue))
        }
        guard let resources = zone["AvailableResources"]?["ResourcesInfo"]?.arrayValue else { return nil }
        var types = Set<String>()
        for resource in resources {
            for type in resource["InstanceTypes"]?["supportedInstanceType"]?.arrayValue ?? [] {
                if let id = type.stringValue { types.insert(id) }
            }
        }
        return types
    }
}

// SPDX-License-Identifier: Apache-2.0

/// Which instance types each zone offers: the simulator's own stable rule, not Alibaba's data.
///
/// The catalog has no per-zone availability (no real DescribeZones answer was ever captured), so it is derived
/// from the region's zone order (the catalog's, oldest zone first) and the instance family:
/// - a region with a single zone offers every type in it;
/// - the newest generations (family generation 8 or later: c8*, g8*, r8*, r9i, hfc9i) are not offered in the
///   region's first (oldest) zone;
/// - previous-generation families (t1, n4, mn4, xn4) are offered only in the region's first zone;
/// - GPU families (GPUAmount above 0) are offered only in the region's last (newest) zone.
///
/// So every type is offered in at least one zone of every region with zones, and never in all zones for the
/// families above. DescribeZones reports it; RunInstances and CreateInstance refuse other placements.
enum ZoneAvailability {
    /// Families Alibaba lists as previous-generation, kept only where the oldest hardware is.
    static let previousGenerationFamilies: Set<String> = ["ecs.t1", "ecs.n4", "ecs.mn4", "ecs.xn4"]
    /// Families of this generation or later are missing from a region's oldest zone.
    static let newestGeneration = 8

    /// Whether `zoneID` of `region` offers the type; false for a zone the region does not have.
    static func offers(_ type: CatalogInstanceType, zoneID: String, in region: CatalogRegion) -> Bool {
        let zones = region.zoneIDs
        guard let index = zones.firstIndex(of: zoneID) else { return false }
        guard zones.count > 1 else { return true }
        if type.gpuAmount > 0 { return index == zones.count - 1 }
        if previousGenerationFamilies.contains(type.family) { return index == 0 }
        if let generation = type.generation, generation >= newestGeneration { return index > 0 }
        return true
    }

    /// The types the zone offers, in catalog order.
    static func offeredTypes(zoneID: String, in region: CatalogRegion, catalog: Catalog) -> [CatalogInstanceType] {
        catalog.instanceTypes.filter { offers($0, zoneID: zoneID, in: region) }
    }
}

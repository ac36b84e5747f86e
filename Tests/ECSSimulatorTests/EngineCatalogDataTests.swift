// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON
import Testing

@testable import ECSSimulator

/// The compiled-in catalog matches the repository's `data/ecs-catalog` (run `scripts/embed-catalog` after edits).
@Suite("Engine: embedded catalog is in step with data/ecs-catalog")
struct EngineCatalogDataTests {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/ecs-catalog")

    func load(_ name: String, _ key: String) throws -> [JSONValue] {
        let data = try Data(contentsOf: EngineCatalogDataTests.dataDirectory.appendingPathComponent(name))
        return try #require(try JSONValue.parse(Array(data))[key]?.arrayValue)
    }

    @Test("regions and zones")
    func regions() throws {
        let source = try load("regions.json", "Regions")
        #expect(source.map { $0["RegionId"]?.stringValue ?? "" } == Catalog.shared.regions.map(\.regionID))
        #expect(
            source.map { $0["Zones"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
                == Catalog.shared.regions.map(\.zoneIDs))
    }

    @Test("images, without research annotations or nulls")
    func images() throws {
        let source = try load("images.json", "Images")
        #expect(source.map { $0["ImageId"]?.stringValue ?? "" } == Catalog.shared.images.map(\.imageID))
        for (record, image) in zip(source, Catalog.shared.images) {
            #expect(record["OSName"]?.stringValue == image.osName)
            #expect(record["Size"]?.intValue == image.size)
            #expect(!image.record.contains { $0.key.hasPrefix("_") || $0.value.isNull })
        }
    }

    @Test("instance types with their vCPUs and memory")
    func instanceTypes() throws {
        let source = try load("instance-types.json", "InstanceTypes")
        #expect(source.count == Catalog.shared.instanceTypes.count)
        for (record, type) in zip(source, Catalog.shared.instanceTypes) {
            #expect(record["InstanceTypeId"]?.stringValue == type.typeID)
            #expect(record["CpuCoreCount"]?.intValue == type.cpuCoreCount)
            #expect(record["MemorySize"]?.doubleValue == type.memoryGiB)
        }
    }
}

// SPDX-License-Identifier: Apache-2.0

import JSON

/// The ECS catalog compiled into the binary: regions with zones, public images, instance types.
///
/// Parsed once, at first use, from the JSON texts in `CatalogData` (written by `scripts/embed-catalog`).
struct Catalog: Sendable {
    let regions: [CatalogRegion]
    let images: [CatalogImage]
    let instanceTypes: [CatalogInstanceType]
    private let regionIndex: [String: Int]
    private let imageIndex: [String: Int]
    private let instanceTypeIndex: [String: Int]

    static let shared: Catalog = {
        do {
            return try Catalog(
                regionsText: CatalogData.regions, imagesText: CatalogData.images,
                instanceTypesText: CatalogData.instanceTypes)
        } catch {
            preconditionFailure("embedded ECS catalog is corrupt: \(error)")
        }
    }()

    init(regionsText: String, imagesText: String, instanceTypesText: String) throws(CatalogError) {
        regions = try Catalog.records(regionsText, "regions").map(Catalog.region)
        images = try Catalog.records(imagesText, "images").map(Catalog.image)
        instanceTypes = try Catalog.records(instanceTypesText, "instance types").map(Catalog.instanceType)
        regionIndex = Dictionary(
            regions.enumerated().map { ($1.regionID, $0) }, uniquingKeysWith: { first, _ in first })
        imageIndex = Dictionary(images.enumerated().map { ($1.imageID, $0) }, uniquingKeysWith: { first, _ in first })
        instanceTypeIndex = Dictionary(
            instanceTypes.enumerated().map { ($1.typeID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func region(_ regionID: String) -> CatalogRegion? {
        regionIndex[regionID].map { regions[$0] }
    }

    func image(_ imageID: String) -> CatalogImage? {
        imageIndex[imageID].map { images[$0] }
    }

    func instanceType(_ typeID: String) -> CatalogInstanceType? {
        instanceTypeIndex[typeID].map { instanceTypes[$0] }
    }

    /// The newest available image of a family (`acs:ubuntu_22_04_x64`).
    func newestImage(family: String) -> CatalogImage? {
        images.filter { $0.family == family && $0.status == "Available" }
            .max { ($0.creationTime, $0.imageID) < ($1.creationTime, $1.imageID) }
    }

    // MARK: - Parsing

    private static func records(_ text: String, _ what: String) throws(CatalogError) -> [JSONObject] {
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(text)
        } catch {
            throw CatalogError.malformed("\(what): \(error)")
        }
        guard let elements = parsed.arrayValue else { throw CatalogError.malformed("\(what): not an array") }
        var objects: [JSONObject] = []
        for element in elements {
            guard let object = element.objectValue else { throw CatalogError.malformed("\(what): not an object") }
            objects.append(object)
        }
        return objects
    }

    private static func region(_ record: JSONObject) -> CatalogRegion {
        CatalogRegion(
            regionID: record["RegionId"]?.stringValue ?? "",
            localName: record["LocalName"]?.stringValue ?? "",
            localNameEnglish: record["LocalNameEn"]?.stringValue ?? "",
            endpoint: record["RegionEndpoint"]?.stringValue ?? "",
            status: record["Status"]?.stringValue ?? "available",
            zoneIDs: record["Zones"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    private static func image(_ record: JSONObject) -> CatalogImage {
        func text(_ key: String) -> String { record[key]?.stringValue ?? "" }
        return CatalogImage(
            imageID: text("ImageId"), record: record, size: record["Size"]?.intValue ?? 20,
            osType: text("OSType"), architecture: text("Architecture"), osName: text("OSName"),
            osNameEnglish: text("OSNameEn"), platform: text("Platform"), family: text("ImageFamily"),
            imageName: text("ImageName"), creationTime: text("CreationTime"), status: text("Status"),
            usage: text("Usage"), isPublic: record["IsPublic"]?.boolValue ?? true)
    }

    private static func instanceType(_ record: JSONObject) -> CatalogInstanceType {
        func text(_ key: String) -> String { record[key]?.stringValue ?? "" }
        return CatalogInstanceType(
            typeID: text("InstanceTypeId"), family: text("InstanceTypeFamily"), record: record,
            cpuCoreCount: record["CpuCoreCount"]?.intValue ?? 1,
            memoryGiB: record["MemorySize"]?.doubleValue ?? 1, cpuArchitecture: text("CpuArchitecture"),
            category: text("InstanceCategory"), familyLevel: text("InstanceFamilyLevel"),
            gpuAmount: record["GPUAmount"]?.intValue ?? 0, gpuSpec: text("GPUSpec"),
            localStorageAmount: record["LocalStorageAmount"]?.intValue ?? 0,
            localStorageCapacity: record["LocalStorageCapacity"]?.intValue ?? 0)
    }
}

/// The embedded catalog text could not be read.
enum CatalogError: Error, Sendable {
    case malformed(String)
}

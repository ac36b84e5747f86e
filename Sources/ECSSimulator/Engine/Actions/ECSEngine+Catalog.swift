// SPDX-License-Identifier: Apache-2.0

import JSON

/// DescribeRegions, DescribeZones, DescribeImages and DescribeInstanceTypes over the embedded catalog.
extension ECSEngine {
    static let acceptLanguages: Set<String> = ["zh-CN", "zh-TW", "en-US", "ja", "fr", "de", "ko"]

    func describeRegions(_ parameters: WireParameters) throws(ECSServiceError) -> JSONObject {
        let english = try usesEnglish(parameters)
        if let chargeType = parameters.string("InstanceChargeType"),
            !["PrePaid", "PostPaid", "SpotWithPriceLimit", "SpotAsPriceGo"].contains(chargeType)
        {
            throw .invalidRegionChargeType
        }
        if let resourceType = parameters.string("ResourceType"),
            !["instance", "disk", "reservedinstance", "scu"].contains(resourceType)
        {
            throw .invalidResourceType
        }
        let regions = catalog.regions.map { region -> JSONValue in
            [
                "RegionId": .string(region.regionID), "RegionEndpoint": .string(region.endpoint),
                "LocalName": .string(english ? region.localNameEnglish : region.localName),
                "Status": .string(region.status),
            ]
        }
        return ["Regions": ["Region": .array(regions)]]
    }

    /// Zones of the region; verbose answers list the types each zone offers (`ZoneAvailability`, our rule).
    func describeZones(_ parameters: WireParameters) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let english = try usesEnglish(parameters)
        if let chargeType = parameters.string("InstanceChargeType"), !["PrePaid", "PostPaid"].contains(chargeType) {
            throw ECSServiceError(
                code: "InvalidInstanceChargeType.NotFound",
                message: "The InstanceChargeType does not exist in our records.", httpStatus: 404)
        }
        if let spot = parameters.string("SpotStrategy"),
            !["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"].contains(spot)
        {
            throw .invalidSpotStrategy
        }
        let verbose = try parameters.bool("Verbose", default: true)
        let zones = region.zoneIDs.map { zoneID -> JSONValue in
            var zone: JSONObject = [
                "ZoneId": .string(zoneID), "LocalName": .string(zoneName(zoneID, region: region, english: english)),
                "ZoneType": "AvailabilityZone",
            ]
            guard verbose else { return .object(zone) }
            let offered = ZoneAvailability.offeredTypes(zoneID: zoneID, in: region, catalog: catalog)
            let typeIDs = JSONValue.array(offered.map { .string($0.typeID) })
            let diskCategories: JSONValue = [
                "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry",
            ]
            zone["AvailableResourceCreation"] = ["ResourceTypes": ["VSwitch", "IoOptimized", "Instance", "Disk"]]
            zone["AvailableInstanceTypes"] = ["InstanceTypes": typeIDs]
            zone["AvailableDiskCategories"] = ["DiskCategories": diskCategories]
            zone["AvailableVolumeCategories"] = ["VolumeCategories": ["cloud_efficiency", "cloud_ssd", "cloud_essd"]]
            zone["AvailableDedicatedHostTypes"] = ["DedicatedHostType": []]
            zone["DedicatedHostGenerations"] = ["DedicatedHostGeneration": []]
            zone["AvailableResources"] = [
                "ResourcesInfo": [
                    [
                        "IoOptimized": true,
                        "SystemDiskCategories": ["supportedSystemDiskCategory": diskCategories],
                        "DataDiskCategories": ["supportedDataDiskCategory": diskCategories],
                        "InstanceTypes": ["supportedInstanceType": typeIDs],
                        "InstanceTypeFamilies": [
                            "supportedInstanceTypeFamily": .array(
                                uniqueFamilies(of: offered).map { .string($0) })
                        ],
                        "InstanceGenerations": ["supportedInstanceGeneration": ["ecs-4", "ecs-5", "ecs-6"]],
                        "NetworkTypes": ["supportedNetworkCategory": ["vpc"]],
                    ]
                ]
            ]
            return .object(zone)
        }
        return ["Zones": ["Zone": .array(zones)]]
    }

    func describeImages(_ parameters: WireParameters) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let page = try PageRequest.numbered(parameters, maximum: 100)
        let ownerAlias = parameters.string("ImageOwnerAlias")
        if let ownerAlias, !["system", "self", "others", "marketplace"].contains(ownerAlias) {
            throw .invalidImageOwnerAlias
        }
        let isPublic = try parameters.bool("IsPublic")
        if isPublic == true, ownerAlias != "others" { throw .publicImageNeedsOthers }
        let osType = parameters.string("OSType")
        if let osType, !["windows", "linux"].contains(osType.lowercased()) { throw .invalidOSType }
        let architecture = parameters.string("Architecture")
        if let architecture, !["i386", "x86_64", "arm64"].contains(architecture) { throw .invalidArchitecture }
        let usage = parameters.string("Usage")
        if let usage, !["instance", "none"].contains(usage) { throw .invalidUsage }
        var instanceType: CatalogInstanceType?
        if let typeID = parameters.string("InstanceType") {
            guard let found = catalog.instanceType(typeID) else { throw .instanceTypeFilterNotSupported(typeID) }
            instanceType = found
        }
        let statuses = Set((parameters.string("Status") ?? "Available").split(separator: ",").map(String.init))
        let tags = try parameters.tags()
        if try parameters.bool("DryRun", default: false) { throw .dryRunOperation }

        let imageID = parameters.string("ImageId")
        let imageName = parameters.string("ImageName")
        let family = parameters.string("ImageFamily")
        let matches = catalog.images.filter { image in
            if let ownerAlias, ownerAlias != "system" { return false }
            if isPublic == true { return false }
            if !tags.isEmpty { return false }
            if let imageID, image.imageID != imageID { return false }
            if let imageName, !NamePattern.fuzzyMatches(image.imageName, pattern: imageName) { return false }
            if let family, image.family != family { return false }
            if let osType, image.osType != osType.lowercased() { return false }
            if let architecture, image.architecture != architecture { return false }
            if let usage, image.usage != usage { return false }
            if let instanceType, !instanceType.supports(imageArchitecture: image.architecture) { return false }
            return statuses.contains(image.status)
        }
        let items = page.slice(matches).map { JSONValue.object(imageRecord($0)) }
        return [
            "RegionId": .string(region.regionID), "TotalCount": JSONValue(matches.count),
            "PageNumber": JSONValue(page.number), "PageSize": JSONValue(page.size),
            "Images": ["Image": .array(items)],
        ]
    }

    func describeInstanceTypes(_ parameters: WireParameters) throws(ECSServiceError) -> JSONObject {
        let requested = parameters.list("InstanceTypes").map(\.value).filter { !$0.isEmpty }
        let families = parameters.list("InstanceTypeFamilies").map(\.value).filter { !$0.isEmpty }
        guard requested.count <= 10 else { throw .invalidParameter("InstanceTypes") }
        guard families.count <= 10 else { throw .invalidParameter("InstanceTypeFamilies") }
        let family = parameters.string("InstanceTypeFamily")
        let category = parameters.string("InstanceCategory")
        let level = parameters.string("InstanceFamilyLevel")
        var architectures = parameters.list("CpuArchitectures").map(\.value).filter { !$0.isEmpty }
        if let architecture = parameters.string("CpuArchitecture") { architectures.append(architecture) }
        let gpuSpec = parameters.string("GPUSpec")
        let nvme = parameters.string("NvmeSupport")
        let minimumCores = try parameters.int("MinimumCpuCoreCount")
        let maximumCores = try parameters.int("MaximumCpuCoreCount")
        let minimumMemory = try double(parameters, "MinimumMemorySize")
        let maximumMemory = try double(parameters, "MaximumMemorySize")
        var maxResults = try parameters.int("MaxResults") ?? 1600
        guard maxResults >= 1 else { throw .invalidParameter("MaxResults") }
        maxResults = min(maxResults, 1600)
        var offset = 0
        if let token = parameters.string("NextToken") {
            guard let decoded = PageToken.decode(token) else { throw .invalidParameter("NextToken") }
            offset = decoded
        }

        let matches = catalog.instanceTypes.filter { type in
            if !requested.isEmpty, !requested.contains(type.typeID) { return false }
            if !families.isEmpty, !families.contains(type.family) { return false }
            if let family, type.family != family { return false }
            if let category, type.category != category { return false }
            if let level, type.familyLevel != level { return false }
            if !architectures.isEmpty, !architectures.contains(type.cpuArchitecture) { return false }
            if let gpuSpec, !type.gpuSpec.lowercased().contains(gpuSpec.lowercased()) { return false }
            if let nvme, (type.record["NvmeSupport"]?.stringValue ?? "unsupported") != nvme { return false }
            if let minimumCores, type.cpuCoreCount < minimumCores { return false }
            if let maximumCores, type.cpuCoreCount > maximumCores { return false }
            if let minimumMemory, type.memoryGiB < minimumMemory { return false }
            if let maximumMemory, type.memoryGiB > maximumMemory { return false }
            return true
        }
        let start = min(offset, matches.count)
        let end = min(start + maxResults, matches.count)
        let items = matches[start..<end].map { JSONValue.object($0.record) }
        return [
            "NextToken": .string(end < matches.count ? PageToken.encode(offset: end) : ""),
            "InstanceTypes": ["InstanceType": .array(items)],
        ]
    }

    // MARK: - Helpers

    private func usesEnglish(_ parameters: WireParameters) throws(ECSServiceError) -> Bool {
        let language = parameters.string("AcceptLanguage") ?? "zh-CN"
        guard ECSEngine.acceptLanguages.contains(language) else { throw .invalidAcceptLanguage }
        return !language.hasPrefix("zh")
    }

    /// `Hangzhou Zone G` (en-US) or `华东 1 可用区 G` (zh-CN), from the region's names and the zone letter.
    private func zoneName(_ zoneID: String, region: CatalogRegion, english: Bool) -> String {
        let letter = zoneID.last.map { String($0).uppercased() } ?? ""
        if english {
            var city = region.localNameEnglish
            if let open = city.firstIndex(of: "("), let close = city.lastIndex(of: ")"), open < close {
                city = String(city[city.index(after: open)..<close])
            }
            return "\(city) Zone \(letter)"
        }
        var prefix = region.localName
        if let open = prefix.firstIndex(of: "（") { prefix = String(prefix[..<open]) }
        var spaced = ""
        var previousWasDigit = false
        for character in prefix {
            let isDigit = character.isASCII && character.isNumber
            if isDigit, !previousWasDigit, !spaced.isEmpty { spaced.append(" ") }
            spaced.append(character)
            previousWasDigit = isDigit
        }
        return "\(spaced) 可用区 \(letter)"
    }

    private func uniqueFamilies(of types: [CatalogInstanceType]) -> [String] {
        var seen = Set<String>()
        return types.compactMap { seen.insert($0.family).inserted ? $0.family : nil }
    }

    private func imageRecord(_ image: CatalogImage) -> JSONObject {
        var record = image.record
        if record["DiskDeviceMappings"] == nil {
            record["DiskDeviceMappings"] = [
                "DiskDeviceMapping": [
                    [
                        "Device": "/dev/xvda", "Size": .string(String(image.size)), "Type": "system",
                        "Format": "", "ImportOSSBucket": "", "ImportOSSObject": "",
                    ]
                ]
            ]
        }
        if record["Tags"] == nil { record["Tags"] = ["Tag": []] }
        return record
    }

    private func double(_ parameters: WireParameters, _ name: String) throws(ECSServiceError) -> Double? {
        guard let text = parameters.string(name) else { return nil }
        guard let value = Double(text) else { throw .invalidParameter(name) }
        return value
    }
}

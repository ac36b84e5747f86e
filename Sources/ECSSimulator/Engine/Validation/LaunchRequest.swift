// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A RunInstances or CreateInstance request, read and checked in the service's order (facts §5):
/// region, required parameters, formats, referenced resources.
struct LaunchRequest: Sendable {
    enum Kind: Sendable {
        case run, create
    }

    var kind: Kind
    var region: CatalogRegion
    var image: CatalogImage
    var instanceType: CatalogInstanceType
    var vSwitch: DefaultVSwitch
    var securityGroupIDs: [String]
    var amount: Int
    var minimumAmount: Int?
    /// Per instance; nil means "the instance id". Host names may hold `${instance_id}`.
    var instanceNames: [String?]
    var hostNames: [String?]
    var description: String
    var systemDiskCategory: String
    var systemDiskSize: Int
    var internetChargeType: String
    var internetMaxBandwidthOut: Int
    var internetMaxBandwidthIn: Int
    var instanceChargeType: String
    var periodMonths: Int?
    var periodWeeks: Int?
    var spotStrategy: String
    var autoReleaseTime: Date?
    var tags: [InstanceTag]
    var deletionProtection: Bool
    var creditSpecification: String
    var resourceGroupID: String
    var privateIPAddress: UInt32?
    var dryRun: Bool
    var clientToken: String?

    static let hostNamePlaceholder = "${instance_id}"

    init(_ parameters: WireParameters, kind: Kind, now: Date) throws(ECSServiceError) {
        self.kind = kind
        let catalog = Catalog.shared
        let regionID = try parameters.requiredString("RegionId")
        guard let region = catalog.region(regionID) else { throw .regionNotInRecords }
        self.region = region

        // Required parameters.
        let imageID = parameters.string("ImageId")
        let imageFamily = parameters.string("ImageFamily")
        if imageID == nil, imageFamily == nil { throw .missingParameter("ImageId") }
        let typeID = try parameters.requiredString("InstanceType")
        let vSwitchID = try parameters.requiredString("VSwitchId")
        var groupIDs = parameters.list("SecurityGroupIds").map(\.value).filter { !$0.isEmpty }
        if let single = parameters.string("SecurityGroupId") {
            if !groupIDs.isEmpty { throw .invalidParameter("SecurityGroupIds") }
            groupIDs = [single]
        }
        if groupIDs.isEmpty { throw .missingParameter("SecurityGroupId") }

        // Formats.
        if let token = parameters.string("ClientToken") {
            guard token.utf8.count <= 64, token.allSatisfy(\.isASCII) else { throw .invalidClientToken }
            clientToken = token
        }
        dryRun = try parameters.bool("DryRun", default: false)
        if kind == .run {
            amount = try parameters.int("Amount", error: .invalidAmount) ?? 1
            guard (1...100).contains(amount) else { throw .invalidAmount }
            minimumAmount = try parameters.int("MinAmount", error: .invalidMinAmount)
            if let minimumAmount, !(1...100).contains(minimumAmount) || minimumAmount > amount {
                throw .invalidMinAmount
            }
        } else {
            amount = 1
        }
        let uniqueSuffix = kind == .run ? try parameters.bool("UniqueSuffix", default: false) : false
        description = parameters.string("Description") ?? ""
        if !description.isEmpty, !NameRules.isValidDescription(description) { throw .invalidDescription }

        systemDiskCategory = parameters.string("SystemDisk.Category") ?? "cloud_efficiency"
        let performanceLevel = parameters.string("SystemDisk.PerformanceLevel") ?? "PL1"
        guard LaunchRequest.systemDiskCategories.contains(systemDiskCategory) else { throw .invalidSystemDiskCategory }
        guard ["PL0", "PL1", "PL2", "PL3"].contains(performanceLevel) else {
            throw .invalidParameter("SystemDisk.PerformanceLevel")
        }
        let requestedDiskSize = try parameters.int("SystemDisk.Size")
        try LaunchRequest.checkDataDisks(parameters)

        internetChargeType = parameters.string("InternetChargeType") ?? "PayByTraffic"
        guard ["PayByTraffic", "PayByBandwidth"].contains(internetChargeType) else { throw .invalidInternetChargeType }
        internetMaxBandwidthOut = try parameters.int("InternetMaxBandwidthOut") ?? 0
        guard (0...100).contains(internetMaxBandwidthOut) else { throw .invalidParameter("InternetMaxBandwidthOut") }
        let inboundLimit = max(10, internetMaxBandwidthOut)
        if let inbound = try parameters.int("InternetMaxBandwidthIn") {
            guard (1...inboundLimit).contains(inbound) else { throw .invalidParameter("InternetMaxBandwidthIn") }
            internetMaxBandwidthIn = inbound
        } else {
            internetMaxBandwidthIn = internetMaxBandwidthOut > 0 ? inboundLimit : -1
        }

        instanceChargeType = parameters.string("InstanceChargeType") ?? "PostPaid"
        guard ["PostPaid", "PrePaid"].contains(instanceChargeType) else { throw .invalidInstanceChargeType }
        if instanceChargeType == "PrePaid" {
            let period = try parameters.int("Period")
            guard let period else { throw .missingParameter("Period") }
            let unit = parameters.string("PeriodUnit") ?? "Month"
            switch unit {
            case "Month":
                guard [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60].contains(period) else {
                    throw .invalidParameter("Period")
                }
                periodMonths = period
            case "Week":
                guard (1...4).contains(period) else { throw .invalidParameter("Period") }
                periodWeeks = period
            default:
                throw .invalidParameter("PeriodUnit")
            }
        }
        spotStrategy = parameters.string("SpotStrategy") ?? "NoSpot"
        guard ["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"].contains(spotStrategy) else {
            throw .invalidSpotStrategy
        }
        if let text = parameters.string("AutoReleaseTime") {
            guard instanceChargeType == "PostPaid", let date = MinuteTime.parse(text) else {
                throw .invalidAutoReleaseTime
            }
            let truncated = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
            guard truncated >= now + 30 * 60, truncated <= now + 3 * 366 * 24 * 3600 else {
                throw .invalidAutoReleaseTime
            }
            autoReleaseTime = truncated
        }
        if let userData = parameters.string("UserData") {
            guard let decoded = Data(base64Encoded: userData) else { throw .invalidParameter("UserData") }
            guard decoded.count <= 32 * 1024 else { throw .userDataTooLarge }
        }
        tags = try parameters.tags()
        for tag in tags {
            guard tag.key.count <= 128, !LaunchRequest.reservedTagPrefixes.contains(where: tag.key.hasPrefix) else {
                throw .invalidTagKey
            }
            guard tag.value.count <= 128, !tag.value.hasPrefix("http://"), !tag.value.hasPrefix("https://") else {
                throw .invalidTagValue
            }
        }
        deletionProtection = try parameters.bool("DeletionProtection", default: false)
        resourceGroupID = parameters.string("ResourceGroupId") ?? ""
        let passwordInherit = try parameters.bool("PasswordInherit", default: false)
        let password = parameters.string("Password")
        if passwordInherit, password != nil { throw .passwordInheritMismatch }
        if let password, !NameRules.isValidPassword(password, windows: false) { throw .invalidPassword }
        instanceNames = try LaunchRequest.names(
            parameters.string("InstanceName"), amount: amount, uniqueSuffix: uniqueSuffix, limit: 128,
            exceed: .instanceNameExceed
        ) { name in NameRules.isValidInstanceName(name) ? nil : ECSServiceError.invalidInstanceName }
        if let address = parameters.string("PrivateIpAddress") {
            guard let parsed = IPv4Address.parse(address) else { throw .privateAddressMalformed }
            privateIPAddress = parsed
        }

        // Referenced resources.
        if let imageID {
            guard let found = catalog.image(imageID) else { throw .imageNotFound }
            image = found
        } else if let imageFamily, let found = catalog.newestImage(family: imageFamily) {
            image = found
        } else {
            throw .imageFamilyNotFound
        }
        guard let type = catalog.instanceType(typeID) else {
            throw kind == .run ? .instanceTypeNotSupported : .createInstanceTypeNotSupported
        }
        instanceType = type
        let network = RegionNetwork.all[region.regionID] ?? RegionNetwork(region: region)
        if let zoneID = parameters.string("ZoneId"), !region.zoneIDs.contains(zoneID) { throw .zoneNotFound }
        guard let vSwitch = network.vSwitch(vSwitchID) else { throw .vSwitchNotFound }
        if let zoneID = parameters.string("ZoneId"), zoneID != vSwitch.zoneID { throw .vSwitchNotInZone }
        self.vSwitch = vSwitch
        // One security group per region, in the default VPC: any other id (another region's too) is unknown here.
        if groupIDs.contains(where: { $0 != network.securityGroupID }) { throw .securityGroupNotFound }
        securityGroupIDs = Array(Set(groupIDs)).sorted()
        if parameters.string("KeyPairName") != nil, !image.isWindows { throw .keyPairNotFound }
        guard instanceType.supports(imageArchitecture: image.architecture) else { throw .imageNotSupportInstanceType }
        guard ZoneAvailability.offers(instanceType, zoneID: vSwitch.zoneID, in: region) else {
            throw .instanceTypeNotInZone
        }
        if let password, image.isWindows, password.hasPrefix("/") { throw .invalidPassword }
        if let privateIPAddress,
            !vSwitch.contains(privateIPAddress) || !vSwitch.contains(privateIPAddress + UInt32(amount - 1))
        {
            throw .privateAddressMalformed
        }

        systemDiskSize = try LaunchRequest.systemDiskSize(
            requestedDiskSize, category: systemDiskCategory, performanceLevel: performanceLevel, image: image,
            kind: kind)
        if let credit = parameters.string("CreditSpecification") {
            guard ["Standard", "Unlimited"].contains(credit), instanceType.isBurstable else {
                throw .invalidParameter("CreditSpecification")
            }
            creditSpecification = credit
        } else {
            creditSpecification = instanceType.isBurstable ? "Standard" : ""
        }

        // Host names, last: their rules depend on the image's OS.
        let hostLimit = image.isWindows ? 15 : 64
        let windows = image.isWindows
        let hostCheck: (String) -> ECSServiceError? = { name in
            let sample = name.replacingOccurrences(
                of: LaunchRequest.hostNamePlaceholder, with: "i-bp1abcdefghijklmnopq")
            return NameRules.isValidHostName(sample, windows: windows) ? nil : .invalidHostName
        }
        let listedHostNames = parameters.list("HostNames").map(\.value)
        if !listedHostNames.isEmpty {
            guard parameters.string("HostName") == nil, listedHostNames.count == amount else {
                throw .invalidParameter("HostNames")
            }
            for name in listedHostNames {
                if let error = hostCheck(name) { throw error }
            }
            hostNames = listedHostNames
        } else {
            hostNames = try LaunchRequest.names(
                parameters.string("HostName"), amount: amount, uniqueSuffix: uniqueSuffix, limit: hostLimit,
                exceed: .hostNameExceed, check: hostCheck)
        }
    }

    static let systemDiskCategories: Set<String> = [
        "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry",
    ]

    /// `DataDisk.N.Category` and `DataDisk.N.Size` (GiB): basic disks 5–2000, others 20–32768; at most 16 disks.
    private static func checkDataDisks(_ parameters: WireParameters) throws(ECSServiceError) {
        var indexes = Set<Int>()
        for (key, value) in parameters.values where key.hasPrefix("DataDisk.") {
            let parts = key.split(separator: ".")
            guard parts.count >= 3, let index = Int(parts[1]) else { continue }
            indexes.insert(index)
            guard !value.isEmpty else { continue }
            switch parts[2] {
            case "Category":
                guard systemDiskCategories.contains(value) || value == "cloud_auto" else {
                    throw ECSServiceError(
                        code: "InvalidDataDiskCategory.ValueNotSupported",
                        message: "The specified parameter \"DataDisk.n.Category\" is not valid.", httpStatus: 400)
                }
            default: continue
            }
        }
        guard indexes.count <= 16, indexes.allSatisfy({ (1...16).contains($0) }) else {
            throw .invalidParameter("DataDisk")
        }
        for index in indexes {
            guard let text = parameters.string("DataDisk.\(index).Size") else { continue }
            let category = parameters.string("DataDisk.\(index).Category") ?? "cloud_efficiency"
            let range = category == "cloud" ? 5...2000 : 20...32768
            guard let size = Int(text), range.contains(size) else {
                throw ECSServiceError(
                    code: "InvalidDataDiskSize.ValueNotSupported",
                    message: "The specified DataDisk.n.Size beyond the permitted range, or the capacity of snapshot "
                        + "exceeds the size limit of the specified disk category.",
                    httpStatus: 400)
            }
        }
    }

    static let reservedTagPrefixes = ["aliyun", "acs:", "http://", "https://"]

    /// The system disk size: default max(40, image size); within the category's range and ≥ the image size.
    private static func systemDiskSize(
        _ requested: Int?, category: String, performanceLevel: String, image: CatalogImage, kind: Kind
    ) throws(ECSServiceError) -> Int {
        guard let size = requested else { return max(40, image.size) }
        var range = 20...2048
        switch category {
        case "cloud": range = 20...500
        case "cloud_auto" where kind == .run: range = 1...2048
        case "cloud_essd" where kind == .run:
            switch performanceLevel {
            case "PL0": range = 1...2048
            case "PL2": range = 461...2048
            case "PL3": range = 1261...2048
            default: range = 20...2048
            }
        default: break
        }
        if size < image.size { throw .systemDiskLessThanImage }
        if size < range.lowerBound { throw .systemDiskLessThanMinimum }
        if size > range.upperBound { throw .systemDiskMoreThanMaximum }
        return size
    }

    /// Names of the batch from one template: sequence syntax, then UniqueSuffix, then the rules.
    private static func names(
        _ template: String?, amount: Int, uniqueSuffix: Bool, limit: Int, exceed: ECSServiceError,
        check: (String) -> ECSServiceError?
    ) throws(ECSServiceError) -> [String?] {
        guard let template else { return Array(repeating: nil, count: amount) }
        let sequence = try NameSequence.parse(template)
        let appendSuffix = uniqueSuffix && (sequence == nil || sequence?.suffix.isEmpty == false)
        var names: [String] = []
        for index in 0..<amount {
            var name = sequence?.name(at: index) ?? template
            if appendSuffix {
                if name.count + 3 > limit { throw exceed }
                let number = String(index + 1)
                name += String(repeating: "0", count: max(0, 3 - number.count)) + number
            }
            if let error = check(name) { throw error }
            names.append(name)
        }
        return names
    }
}

// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The DescribeInstances filters, ANDed (facts §4.7).
struct InstanceFilter: Sendable {
    var instanceIDs: Set<String>?
    var instanceName: String?
    var status: InstanceStatus?
    var zoneID: String?
    var vpcID: String?
    var vSwitchID: String?
    var securityGroupID: String?
    var instanceType: String?
    var instanceTypeFamily: String?
    var imageID: String?
    var keyPairName: String?
    var instanceChargeType: String?
    var internetChargeType: String?
    var resourceGroupID: String?
    var privateAddresses: Set<String>?
    var publicAddresses: Set<String>?
    var tags: [InstanceTag] = []
    /// `Filter.N` CreationStartTime / CreationEndTime, as minute texts (`2026-11-29T08:45Z`), which sort as times.
    var createdFrom: String?
    var createdUntil: String?
    var excludesAll = false

    init(_ parameters: WireParameters) throws(ECSServiceError) {
        if let ids = try parameters.jsonStringArray("InstanceIds") {
            guard ids.count <= 100 else { throw .invalidParameter("InstanceIds") }
            instanceIDs = Set(ids)
        }
        instanceName = parameters.string("InstanceName")
        if let text = parameters.string("Status") {
            guard let parsed = InstanceStatus(rawValue: text) else { throw .invalidStatusFilter }
            status = parsed
        }
        zoneID = parameters.string("ZoneId")
        vpcID = parameters.string("VpcId")
        vSwitchID = parameters.string("VSwitchId")
        securityGroupID = parameters.string("SecurityGroupId")
        instanceType = parameters.string("InstanceType")
        instanceTypeFamily = parameters.string("InstanceTypeFamily")
        imageID = parameters.string("ImageId")
        keyPairName = parameters.string("KeyPairName")
        resourceGroupID = parameters.string("ResourceGroupId")
        if let chargeType = parameters.string("InstanceChargeType") {
            guard ["PostPaid", "PrePaid"].contains(chargeType) else { throw .invalidInstanceChargeType }
            instanceChargeType = chargeType
        }
        if let chargeType = parameters.string("InternetChargeType") {
            guard ["PayByTraffic", "PayByBandwidth"].contains(chargeType) else {
                throw .invalidInternetChargeTypeFilter
            }
            internetChargeType = chargeType
        }
        if let networkType = parameters.string("InstanceNetworkType") {
            guard ["vpc", "classic"].contains(networkType) else { throw .invalidNetworkTypeFilter }
            excludesAll = networkType == "classic"
        }
        if let lockReason = parameters.string("LockReason") {
            guard ["financial", "security", "Recycling", "dedicatedhostfinancial", "refunded"].contains(lockReason)
            else {
                throw ECSServiceError(
                    code: "InvalidLockReason.NotFound", message: "The specified LockReason is not found",
                    httpStatus: 404)
            }
            excludesAll = true
        }
        if let addresses = try parameters.jsonStringArray("PrivateIpAddresses") {
            guard addresses.count <= 100 else { throw .invalidParameter("PrivateIpAddresses") }
            privateAddresses = Set(addresses)
        }
        if let addresses = try parameters.jsonStringArray("PublicIpAddresses") {
            guard addresses.count <= 100 else { throw .invalidParameter("PublicIpAddresses") }
            publicAddresses = Set(addresses)
        }
        if let addresses = try parameters.jsonStringArray("EipAddresses"), !addresses.isEmpty {
            excludesAll = true
        }
        tags = try parameters.tags()
        for filter in 1...4 {
            guard let key = parameters.string("Filter.\(filter).Key") else { continue }
            let value = parameters.string("Filter.\(filter).Value") ?? ""
            guard ["CreationStartTime", "CreationEndTime"].contains(key) else {
                throw ECSServiceError(code: "InvalidFilterKey.NotFound", message: "", httpStatus: 404)
            }
            guard let date = MinuteTime.parse(value) else {
                throw ECSServiceError(
                    code: "InvalidFilterValue", message: "The specified Filter Value is not valid.", httpStatus: 404)
            }
            if key == "CreationStartTime" {
                createdFrom = MinuteTime.minutes(date)
            } else {
                createdUntil = MinuteTime.minutes(date)
            }
        }
    }

    /// True when no filter is set, so a page is a plain slice.
    var isEmpty: Bool {
        instanceIDs == nil && instanceName == nil && status == nil && zoneID == nil && vpcID == nil
            && vSwitchID == nil && securityGroupID == nil && instanceType == nil && instanceTypeFamily == nil
            && imageID == nil && keyPairName == nil && instanceChargeType == nil && internetChargeType == nil
            && resourceGroupID == nil && privateAddresses == nil && publicAddresses == nil && tags.isEmpty
            && createdFrom == nil && createdUntil == nil && !excludesAll
    }

    /// Whether the entry's instance passes every filter; reads fields in place, never copying the entry.record.
    func matches(_ entry: InstanceEntry, at now: Date) -> Bool {
        if excludesAll { return false }
        if let instanceIDs, !instanceIDs.contains(entry.record.instanceID) { return false }
        if let instanceName, !NamePattern.matches(entry.record.instanceName, pattern: instanceName) { return false }
        if let status, entry.record.status(at: now) != status { return false }
        if let zoneID, entry.record.zoneID != zoneID { return false }
        if let vpcID, entry.record.vpcID != vpcID { return false }
        if let vSwitchID, entry.record.vSwitchID != vSwitchID { return false }
        if let securityGroupID, !entry.record.securityGroupIDs.contains(securityGroupID) { return false }
        if let instanceType, entry.record.instanceType != instanceType { return false }
        if let instanceTypeFamily, entry.record.instanceTypeFamily != instanceTypeFamily { return false }
        if let imageID, entry.record.imageID != imageID { return false }
        if let keyPairName, entry.record.keyPairName != keyPairName { return false }
        if let instanceChargeType, entry.record.instanceChargeType != instanceChargeType { return false }
        if let internetChargeType, entry.record.internetChargeType != internetChargeType { return false }
        if let resourceGroupID, entry.record.resourceGroupID != resourceGroupID { return false }
        if let privateAddresses, !privateAddresses.contains(IPv4Address.format(entry.record.privateIPAddress)) {
            return false
        }
        if let publicAddresses, !publicAddresses.contains(entry.record.publicIPAddress ?? "") { return false }
        if let createdFrom, entry.record.creationTime < createdFrom { return false }
        if let createdUntil, entry.record.creationTime > createdUntil { return false }
        for tag in tags {
            guard
                entry.record.tags.contains(where: { $0.key == tag.key && (tag.value.isEmpty || $0.value == tag.value) })
            else { return false }
        }
        return true
    }
}

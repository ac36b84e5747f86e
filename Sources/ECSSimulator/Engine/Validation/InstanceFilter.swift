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
    }

    /// True when no filter is set, so a page is a plain slice.
    var isEmpty: Bool {
        instanceIDs == nil && instanceName == nil && status == nil && zoneID == nil && vpcID == nil
            && vSwitchID == nil && securityGroupID == nil && instanceType == nil && instanceTypeFamily == nil
            && imageID == nil && keyPairName == nil && instanceChargeType == nil && internetChargeType == nil
            && resourceGroupID == nil && privateAddresses == nil && publicAddresses == nil && tags.isEmpty
            && !excludesAll
    }

    func matches(_ record: InstanceRecord, at now: Date) -> Bool {
        if excludesAll { return false }
        if let instanceIDs, !instanceIDs.contains(record.instanceID) { return false }
        if let instanceName, !NamePattern.matches(record.instanceName, pattern: instanceName) { return false }
        if let status, record.status(at: now) != status { return false }
        if let zoneID, record.zoneID != zoneID { return false }
        if let vpcID, record.vpcID != vpcID { return false }
        if let vSwitchID, record.vSwitchID != vSwitchID { return false }
        if let securityGroupID, !record.securityGroupIDs.contains(securityGroupID) { return false }
        if let instanceType, record.instanceType != instanceType { return false }
        if let instanceTypeFamily, record.instanceTypeFamily != instanceTypeFamily { return false }
        if let imageID, record.imageID != imageID { return false }
        if let keyPairName, record.keyPairName != keyPairName { return false }
        if let instanceChargeType, record.instanceChargeType != instanceChargeType { return false }
        if let internetChargeType, record.internetChargeType != internetChargeType { return false }
        if let resourceGroupID, record.resourceGroupID != resourceGroupID { return false }
        if let privateAddresses, !privateAddresses.contains(IPv4Address.format(record.privateIPAddress)) {
            return false
        }
        if let publicAddresses, !publicAddresses.contains(record.publicIPAddress ?? "") { return false }
        for tag in tags {
            guard record.tags.contains(where: { $0.key == tag.key && (tag.value.isEmpty || $0.value == tag.value) })
            else { return false }
        }
        return true
    }
}

// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Writes the engine's state as compact JSON straight into bytes, in the shape its `Codable` decoding
/// reads (property names as keys, dates as whole milliseconds since 1970).
///
/// Several times faster than `JSONEncoder`, which matters: the engine is busy while it snapshots.
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    /// The snapshot of these instances (in creation order), sequence counter and tokens.
    static func encode(
        instances: [InstanceEntry], nextSequence: Int, idempotency: [IdempotencyEntry]
    ) -> Data {
        var writer = SnapshotWriter()
        writer.bytes.reserveCapacity(1024 + instances.count * 1400)
        writer.raw("{\"format\":1,\"nextSequence\":")
        writer.int(nextSequence)
        writer.raw(",\"idempotency\":[")
        for (index, entry) in idempotency.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"key\":")
            writer.string(entry.key)
            writer.raw(",\"parametersDigest\":")
            writer.string(entry.parametersDigest)
            writer.raw(",\"result\":")
            writer.string(entry.result)
            writer.raw("}")
        }
        writer.raw("],\"instances\":[")
        for (index, entry) in instances.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.write(entry)
        }
        writer.raw("]}")
        return Data(writer.bytes)
    }

    /// One instance; fields are read in place from the entry, never copying the entry.record.
    private mutating func write(_ entry: InstanceEntry) {
        raw("{")
        field("instanceID", entry.record.instanceID, first: true)
        field("accountID", entry.record.accountID)
        field("regionID", entry.record.regionID)
        field("zoneID", entry.record.zoneID)
        field("instanceName", entry.record.instanceName)
        field("hostName", entry.record.hostName)
        field("description", entry.record.description)
        field("instanceType", entry.record.instanceType)
        field("instanceTypeFamily", entry.record.instanceTypeFamily)
        field("gpuSpec", entry.record.gpuSpec)
        field("creditSpecification", entry.record.creditSpecification)
        field("imageID", entry.record.imageID)
        field("osType", entry.record.osType)
        field("osName", entry.record.osName)
        field("osNameEnglish", entry.record.osNameEnglish)
        field("vpcID", entry.record.vpcID)
        field("vSwitchID", entry.record.vSwitchID)
        field("networkInterfaceID", entry.record.networkInterfaceID)
        field("macAddress", entry.record.macAddress)
        field("serialNumber", entry.record.serialNumber)
        field("systemDiskCategory", entry.record.systemDiskCategory)
        field("instanceChargeType", entry.record.instanceChargeType)
        field("internetChargeType", entry.record.internetChargeType)
        field("spotStrategy", entry.record.spotStrategy)
        field("keyPairName", entry.record.keyPairName)
        field("resourceGroupID", entry.record.resourceGroupID)
        field("creationTime", entry.record.creationTime)
        field("startTime", entry.record.startTime)
        field("expiredTime", entry.record.expiredTime)
        field("autoReleaseTime", entry.record.autoReleaseTime)
        field("stoppedMode", entry.record.stoppedMode)
        field("sequence", entry.record.sequence)
        field("cpu", entry.record.cpu)
        field("memoryMiB", entry.record.memoryMiB)
        field("gpuAmount", entry.record.gpuAmount)
        field("localStorageAmount", entry.record.localStorageAmount)
        field("localStorageCapacity", entry.record.localStorageCapacity)
        field("privateIPAddress", Int(entry.record.privateIPAddress))
        field("systemDiskSize", entry.record.systemDiskSize)
        field("internetMaxBandwidthOut", entry.record.internetMaxBandwidthOut)
        field("internetMaxBandwidthIn", entry.record.internetMaxBandwidthIn)
        raw(entry.record.deletionProtection ? ",\"deletionProtection\":true" : ",\"deletionProtection\":false")
        if let publicIPAddress = entry.record.publicIPAddress { field("publicIPAddress", publicIPAddress) }
        raw(",\"securityGroupIDs\":")
        raw("[")
        for (index, group) in entry.record.securityGroupIDs.enumerated() {
            if index > 0 { raw(",") }
            string(group)
        }
        raw("]")
        raw(",\"tags\":")
        raw("[")
        for (index, tag) in entry.record.tags.enumerated() {
            raw(index > 0 ? ",{\"key\":" : "{\"key\":")
            string(tag.key)
            raw(",\"value\":")
            string(tag.value)
            raw("}")
        }
        raw("]")
        raw(",\"lifecycle\":{\"settledStatus\":")
        string(entry.record.lifecycle.settledStatus.rawValue)
        raw(",\"steps\":[")
        for (index, step) in entry.record.lifecycle.steps.enumerated() {
            raw(index > 0 ? ",{\"at\":" : "{\"at\":")
            int(Int((step.at.timeIntervalSince1970 * 1000).rounded()))
            raw(",\"status\":")
            string(step.status.rawValue)
            raw("}")
        }
        raw("]}}")
    }

    private mutating func field(_ name: StaticString, _ value: String, first: Bool = false) {
        raw(first ? "\"" : ",\"")
        raw(name)
        raw("\":")
        string(value)
    }

    private mutating func field(_ name: StaticString, _ value: Int) {
        raw(",\"")
        raw(name)
        raw("\":")
        int(value)
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex = String(byte, radix: 16)
                    raw("\\u00")
                    raw(hex.count == 1 ? "0" + hex : hex)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Writes an `EngineSnapshot` as compact JSON straight into bytes, in the shape its `Codable` decoding
/// reads (property names as keys, dates as whole milliseconds since 1970).
///
/// About ten times faster than `JSONEncoder`, which matters: the engine is busy while it snapshots.
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    static func encode(_ snapshot: EngineSnapshot) -> Data {
        var writer = SnapshotWriter()
        writer.bytes.reserveCapacity(1024 + snapshot.instances.count * 1400)
        writer.write(snapshot)
        return Data(writer.bytes)
    }

    private mutating func write(_ snapshot: EngineSnapshot) {
        raw("{\"format\":")
        int(snapshot.format)
        raw(",\"nextSequence\":")
        int(snapshot.nextSequence)
        raw(",\"idempotency\":[")
        for (index, entry) in snapshot.idempotency.enumerated() {
            if index > 0 { raw(",") }
            raw("{\"key\":")
            string(entry.key)
            raw(",\"parametersDigest\":")
            string(entry.parametersDigest)
            raw(",\"result\":")
            string(entry.result)
            raw("}")
        }
        raw("],\"instances\":[")
        for (index, record) in snapshot.instances.enumerated() {
            if index > 0 { raw(",") }
            write(record)
        }
        raw("]}")
    }

    private mutating func write(_ record: InstanceRecord) {
        var first = true
        func key(_ name: String, _ writer: inout SnapshotWriter) {
            writer.raw(first ? "{\"" : ",\"")
            first = false
            writer.raw(name)
            writer.raw("\":")
        }
        let strings: [(String, String)] = [
            ("instanceID", record.instanceID), ("accountID", record.accountID), ("regionID", record.regionID),
            ("zoneID", record.zoneID), ("instanceName", record.instanceName), ("hostName", record.hostName),
            ("description", record.description), ("instanceType", record.instanceType),
            ("instanceTypeFamily", record.instanceTypeFamily), ("gpuSpec", record.gpuSpec),
            ("creditSpecification", record.creditSpecification), ("imageID", record.imageID),
            ("osType", record.osType), ("osName", record.osName), ("osNameEnglish", record.osNameEnglish),
            ("vpcID", record.vpcID), ("vSwitchID", record.vSwitchID),
            ("networkInterfaceID", record.networkInterfaceID), ("macAddress", record.macAddress),
            ("serialNumber", record.serialNumber), ("systemDiskCategory", record.systemDiskCategory),
            ("instanceChargeType", record.instanceChargeType), ("internetChargeType", record.internetChargeType),
            ("spotStrategy", record.spotStrategy), ("keyPairName", record.keyPairName),
            ("resourceGroupID", record.resourceGroupID), ("creationTime", record.creationTime),
            ("startTime", record.startTime), ("expiredTime", record.expiredTime),
            ("autoReleaseTime", record.autoReleaseTime), ("stoppedMode", record.stoppedMode),
        ]
        for (name, value) in strings {
            key(name, &self)
            string(value)
        }
        let integers: [(String, Int)] = [
            ("sequence", record.sequence), ("cpu", record.cpu), ("memoryMiB", record.memoryMiB),
            ("gpuAmount", record.gpuAmount), ("localStorageAmount", record.localStorageAmount),
            ("localStorageCapacity", record.localStorageCapacity), ("privateIPAddress", Int(record.privateIPAddress)),
            ("systemDiskSize", record.systemDiskSize), ("internetMaxBandwidthOut", record.internetMaxBandwidthOut),
            ("internetMaxBandwidthIn", record.internetMaxBandwidthIn),
        ]
        for (name, value) in integers {
            key(name, &self)
            int(value)
        }
        key("deletionProtection", &self)
        raw(record.deletionProtection ? "true" : "false")
        if let publicIPAddress = record.publicIPAddress {
            key("publicIPAddress", &self)
            string(publicIPAddress)
        }
        key("securityGroupIDs", &self)
        raw("[")
        for (index, group) in record.securityGroupIDs.enumerated() {
            if index > 0 { raw(",") }
            string(group)
        }
        raw("]")
        key("tags", &self)
        raw("[")
        for (index, tag) in record.tags.enumerated() {
            raw(index > 0 ? ",{\"key\":" : "{\"key\":")
            string(tag.key)
            raw(",\"value\":")
            string(tag.value)
            raw("}")
        }
        raw("]")
        key("lifecycle", &self)
        raw("{\"settledStatus\":")
        string(record.lifecycle.settledStatus.rawValue)
        raw(",\"steps\":[")
        for (index, step) in record.lifecycle.steps.enumerated() {
            raw(index > 0 ? ",{\"at\":" : "{\"at\":")
            int(Int((step.at.timeIntervalSince1970 * 1000).rounded()))
            raw(",\"status\":")
            string(step.status.rawValue)
            raw("}")
        }
        raw("]}}")
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

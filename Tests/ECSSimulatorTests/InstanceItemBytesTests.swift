// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON
import Testing

@testable import ECSSimulator

@Suite("DescribeInstances items written as bytes")
struct InstanceItemBytesTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func record(_ change: (inout InstanceRecord) -> Void = { _ in }) -> InstanceRecord {
        var record = InstanceRecord(
            instanceID: "i-bp1abcdefghijklmnopq", accountID: "1234567890", regionID: "cn-hangzhou",
            zoneID: "cn-hangzhou-i", sequence: 7, instanceName: "web-1", hostName: "iZbp1abcdefghijklmnopqZ",
            description: "", instanceType: "ecs.g7.large", instanceTypeFamily: "ecs.g7", cpu: 2, memoryMiB: 8192,
            gpuAmount: 0, gpuSpec: "", localStorageAmount: 0, localStorageCapacity: 0, creditSpecification: "",
            imageID: "ubuntu_22_04_x64_20G_alibase_20240710.vhd", osType: "linux", osName: "Ubuntu  22.04 64位",
            osNameEnglish: "Ubuntu  22.04 64 bit", vpcID: "vpc-bp1default", vSwitchID: "vsw-bp1default",
            privateIPAddress: 0xAC10_0A05, publicIPAddress: nil, securityGroupIDs: ["sg-bp1default"],
            networkInterfaceID: "eni-bp1abc", macAddress: "00:16:3e:00:00:01", serialNumber: "0f3c-11",
            systemDiskCategory: "cloud_essd", systemDiskSize: 40, instanceChargeType: "PostPaid",
            internetChargeType: "PayByTraffic", internetMaxBandwidthOut: 0, internetMaxBandwidthIn: 100,
            spotStrategy: "NoSpot", deletionProtection: false, keyPairName: "", resourceGroupID: "",
            tags: [], creationTime: "2026-11-29T09:00Z", startTime: "2026-11-29T09:01Z",
            expiredTime: "2099-12-31T15:59Z", autoReleaseTime: "", stoppedMode: "KeepCharging",
            lifecycle: InstanceLifecycle(status: .running))
        change(&record)
        return record
    }

    func expectSameBytes(_ record: InstanceRecord, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = JSONValue.object(record.describeItem(at: now)).serializedBytes()
        let written = record.describeItemBytes(at: now)
        #expect(
            written == expected, "\(String(decoding: written, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test("the bytes equal the serialized item, for every shape of record")
    func sameAsSerializedItem() {
        expectSameBytes(record())
        expectSameBytes(record { $0.lifecycle = InstanceLifecycle(status: .stopped) })
        expectSameBytes(record { $0.lifecycle = InstanceLifecycle(status: .pending) })
        expectSameBytes(record { $0.cpu = 1; $0.memoryMiB = 1024 })
        expectSameBytes(record { $0.cpu = 64; $0.gpuAmount = 4; $0.gpuSpec = "NVIDIA A10" })
        expectSameBytes(record { $0.publicIPAddress = "47.96.1.2"; $0.deletionProtection = true })
        expectSameBytes(record { $0.localStorageAmount = 2; $0.localStorageCapacity = 7_100 })
        expectSameBytes(record { $0.privateIPAddress = 0; $0.securityGroupIDs = [] })
        expectSameBytes(record { $0.privateIPAddress = UInt32.max; $0.securityGroupIDs = ["sg-1", "sg-2", "sg-3"] })
        expectSameBytes(record { $0.tags = [InstanceTag(key: "env", value: "prod")] })
        expectSameBytes(
            record {
                $0.tags = [InstanceTag(key: "a\"b", value: "c\\d"), InstanceTag(key: "", value: "")]
            })
        expectSameBytes(
            record {
                $0.instanceName = "quote\" back\\ slash/ nl\n cr\r tab\t bs\u{8} ff\u{c} ctl\u{1}\u{1f} del\u{7f}"
                $0.description = "中文 emoji 🙂 é \u{2028}"
                $0.autoReleaseTime = "2026-12-01T00:00Z"
                $0.internetMaxBandwidthOut = -1
            })
    }

    @Test("a change of status is spliced into the rendered bytes exactly as a new rendering would write it")
    func statusSplice() {
        for stoppedMode in ["KeepCharging", "Stop\"Charging\u{1}"] {
            let record = record { $0.stoppedMode = stoppedMode }
            for from in InstanceStatus.allCases {
                let rendered = record.renderedItem(status: from)
                for to in InstanceStatus.allCases {
                    let spliced = rendered.with(status: to, of: record)
                    let fresh = record.renderedItem(status: to)
                    #expect(spliced.bytes == fresh.bytes, "\(from) → \(to)")
                    #expect(spliced.statusRange == fresh.statusRange)
                    #expect(spliced.stoppedModeRange == fresh.stoppedModeRange)
                }
            }
        }
    }

    @Test("an entry follows transitions over time, and a stop's new stopped mode, without a stale byte")
    func entryTransitions() {
        var lifecycle = InstanceLifecycle(status: .running)
        lifecycle.begin([.stopping, .stopped], at: now, interval: 2)
        let entry = InstanceEntry(record())
        for seconds in [0.0, 1, 2, 3, 0, 5] {
            let later = now.addingTimeInterval(seconds)
            entry.update { $0.lifecycle = lifecycle }
            #expect(entry.describeItemBytes(at: later) == entry.record.describeItemBytes(at: later))
        }
        let stoppedAt = now.addingTimeInterval(10)
        _ = entry.describeItemBytes(at: stoppedAt)
        entry.update { $0.stoppedMode = "StopCharging" }
        #expect(entry.describeItemBytes(at: stoppedAt) == entry.record.describeItemBytes(at: stoppedAt))
        entry.update { $0.description = "changed" }
        #expect(entry.describeItemBytes(at: stoppedAt) == entry.record.describeItemBytes(at: stoppedAt))
    }

    @Test("integers are written as String(_:) writes them")
    func integers() {
        for value in [0, 1, 9, 10, 99, 100, -1, -10, 8192, Int.max, Int.min] {
            var writer = JSONByteWriter(capacity: 0)
            writer.int(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
    }

    @Test("an entry re-renders after a change of record or of status, and only then")
    func entryCache() throws {
        let entry = InstanceEntry(record())
        let first = entry.describeItemBytes(at: now)
        #expect(entry.describeItemBytes(at: now) == first)
        entry.update { $0.instanceName = "renamed" }
        let renamed = entry.describeItemBytes(at: now)
        #expect(try JSONValue.parse(renamed)["InstanceName"]?.stringValue == "renamed")
        entry.update { $0.lifecycle = InstanceLifecycle(status: .stopped) }
        #expect(try JSONValue.parse(entry.describeItemBytes(at: now))["Status"]?.stringValue == "Stopped")
    }

    @Test("a JSON answer with a serialized list: RequestId first, fields in order, items copied")
    func answerBody() throws {
        let items = [record(), record { $0.instanceID = "i-2" }].map { $0.describeItemBytes(at: now) }
        let answer = ECSAnswer(
            fields: JSONObject(uniqueKeysWithValues: [("TotalCount", 2), ("NextToken", "")]),
            serializedList: SerializedList(key: "Instances", itemKey: "Instance", items: items))
        let body = answer.jsonBytes(requestID: "REQ-1")
        let parsed = try #require(try JSONValue.parse(body).objectValue)
        #expect(parsed.keys == ["RequestId", "TotalCount", "NextToken", "Instances"])
        #expect(parsed["RequestId"] == "REQ-1")
        var expected = answer.object
        expected["RequestId"] = "REQ-1"
        #expect(parsed == expected)
        #expect(parsed["Instances"]?["Instance"]?[1]?["InstanceId"] == "i-2")

        let empty = ECSAnswer(
            fields: JSONObject(), serializedList: SerializedList(key: "Instances", itemKey: "Instance", items: []))
        #expect(
            String(decoding: empty.jsonBytes(requestID: "R"), as: UTF8.self)
                == #"{"RequestId":"R","Instances":{"Instance":[]}}"#)
        #expect(
            String(decoding: ECSAnswer(fields: ["A": 1]).jsonBytes(requestID: "R"), as: UTF8.self)
                == #"{"RequestId":"R","A":1}"#)
    }
}

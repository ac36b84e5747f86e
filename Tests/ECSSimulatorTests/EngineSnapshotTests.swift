// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON
import Testing

@testable import ECSSimulator

@Suite("Engine: snapshot, restore, reset, listInstances, revision")
struct EngineSnapshotTests {
    @Test("a snapshot restores instances, pending transitions and ClientTokens in a new engine")
    func roundTrip() async throws {
        let harness = EngineHarness()
        harness.clock.advance(milliseconds: 123)  // a clock between whole seconds
        let parameters = harness.runParameters([
            "Amount": "2", "ClientToken": "snap", "Password": "Secr3t!Pass", "Tag.1.Key": "k",
            "Tag.2.Key": "quote\"back\\slash", "Tag.2.Value": "line\nbreak\t中文\u{01}",
            "Description": "Has \"quotes\" and 中文",
        ])
        let created = await harness.ok("RunInstances", parameters)
        let ids = created.list("InstanceIdSets", "InstanceIdSet").compactMap(\.stringValue)
        let before = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        let data = await harness.engine.snapshot()
        #expect(String(decoding: data, as: UTF8.self).contains("Secr3t") == false)

        let restored = EngineHarness()
        try await restored.engine.restore(from: data)
        let after = await restored.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(after == before)
        #expect(await restored.engine.snapshot() == data)
        #expect(await restored.status(ids[0]) == "Pending")
        restored.settle()
        #expect(await restored.status(ids[0]) == "Running")
        #expect(await restored.ok("RunInstances", parameters) == created)
        #expect(
            await restored.failure("RunInstances", restored.runParameters(["ClientToken": "snap"]))?.code
                == "IdempotentParameterMismatch")
        // Addresses stay claimed: a new instance gets a different one.
        let fresh = await restored.run()
        let address = await restored.describe(fresh[0])?["VpcAttributes"]?["PrivateIpAddress"]
        #expect(address != (await restored.describe(ids[0]))?["VpcAttributes"]?["PrivateIpAddress"])
        #expect(address != (await restored.describe(ids[1]))?["VpcAttributes"]?["PrivateIpAddress"])
    }

    @Test("restore refuses garbage and leaves the state alone")
    func garbage() async {
        let harness = EngineHarness()
        _ = await harness.run()
        await #expect(throws: (any Error).self) { try await harness.engine.restore(from: Data("not json".utf8)) }
        #expect(await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])["TotalCount"]?.intValue == 1)
    }

    @Test("reset forgets everything; revision bumps on every change and not on reads")
    func resetAndRevision() async {
        let harness = EngineHarness()
        let start = await harness.engine.revision
        _ = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        _ = await harness.ok("DescribeRegions")
        #expect(await harness.engine.revision == start)
        let ids = await harness.run()
        let afterRun = await harness.engine.revision
        #expect(afterRun > start)
        harness.settle()
        _ = await harness.ok("StopInstances", ["RegionId": "cn-hangzhou", "InstanceId.1": ids[0]])
        #expect(await harness.engine.revision > afterRun)
        let afterStop = await harness.engine.revision
        _ = await harness.failure("StopInstances", ["RegionId": "cn-hangzhou", "InstanceId.1": ids[0]])
        #expect(await harness.engine.revision == afterStop)
        await harness.engine.reset()
        #expect(await harness.engine.revision > afterStop)
        #expect(await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])["TotalCount"]?.intValue == 0)
    }

    @Test("listInstances shows every account's instances with their account")
    func listInstances() async {
        let harness = EngineHarness()
        let mine = await harness.run()
        _ = await harness.ok("RunInstances", harness.runParameters(), account: "other")
        let listed = await harness.engine.listInstances().arrayValue ?? []
        #expect(listed.count == 2)
        #expect(listed[0]["AccountId"]?.stringValue == EngineHarness.account)
        #expect(listed[0]["InstanceId"]?.stringValue == mine[0])
        #expect(listed[1]["AccountId"]?.stringValue == "other")
    }
}

// SPDX-License-Identifier: Apache-2.0

import JSON
import Testing

@testable import ECSSimulator

@Suite("Engine: start, stop, reboot, delete")
struct EngineLifecycleTests {
    let harness = EngineHarness()

    /// Running instances (transitions done).
    func running(_ count: Int = 1) async -> [String] {
        let ids = await harness.run(["Amount": String(count)])
        harness.settle()
        return ids
    }

    func batch(_ ids: [String], _ extra: [String: String] = [:]) -> [String: String] {
        var parameters = ["RegionId": EngineHarness.region]
        for (index, id) in ids.enumerated() { parameters["InstanceId.\(index + 1)"] = id }
        parameters.merge(extra) { _, new in new }
        return parameters
    }

    @Test("Stop: Running → Stopping → Stopped, with per-instance responses and the stopped mode")
    func stop() async {
        let ids = await running(2)
        let body = await harness.ok("StopInstances", batch(ids, ["StoppedMode": "StopCharging", "ForceStop": "false"]))
        let items = body.list("InstanceResponses", "InstanceResponse")
        #expect(items.count == 2)
        #expect(
            items[0] == [
                "Code": "200", "Message": "success", "InstanceId": .string(ids[0]), "CurrentStatus": "Stopping",
                "PreviousStatus": "Running",
            ])
        #expect(await harness.status(ids[0]) == "Stopping")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(ids[0]) == "Stopped")
        #expect(await harness.describe(ids[0])?["StoppedMode"]?.stringValue == "StopCharging")
    }

    @Test("Start: Stopped → Starting → Running")
    func start() async {
        let ids = await running()
        _ = await harness.ok("StopInstances", batch(ids))
        harness.settle()
        let body = await harness.ok("StartInstances", batch(ids))
        #expect(body.list("InstanceResponses", "InstanceResponse").first?["CurrentStatus"]?.stringValue == "Starting")
        #expect(body.list("InstanceResponses", "InstanceResponse").first?["PreviousStatus"]?.stringValue == "Stopped")
        #expect(await harness.status(ids[0]) == "Starting")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(ids[0]) == "Running")
        #expect(await harness.describe(ids[0])?["StoppedMode"]?.stringValue == "Not-applicable")
    }

    @Test("Reboot: Running → Stopping → Starting → Running")
    func reboot() async {
        let ids = await running()
        let body = await harness.ok("RebootInstances", batch(ids))
        #expect(body.list("InstanceResponses", "InstanceResponse").first?["CurrentStatus"]?.stringValue == "Stopping")
        #expect(await harness.status(ids[0]) == "Stopping")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(ids[0]) == "Starting")
        harness.clock.advance(milliseconds: 1000)
        #expect(await harness.status(ids[0]) == "Running")
    }

    @Test("the singular StartInstance, StopInstance and RebootInstance need no RegionId")
    func singular() async {
        let ids = await running()
        let stopped = await harness.ok("StopInstance", ["InstanceId": ids[0]])
        #expect(stopped.isEmpty)
        #expect(await harness.status(ids[0]) == "Stopping")
        harness.settle()
        #expect(await harness.failure("StopInstance", ["InstanceId": ids[0]])?.code == "IncorrectInstanceStatus")
        #expect(
            await harness.failure("StartInstance", ["InstanceId": ids[0], "DryRun": "true"])?.code == "DryRunOperation")
        #expect(await harness.status(ids[0]) == "Stopped")
        _ = await harness.ok("StartInstance", ["InstanceId": ids[0]])
        harness.settle()
        _ = await harness.ok("RebootInstance", ["InstanceId": ids[0]])
        #expect(await harness.status(ids[0]) == "Stopping")
        #expect(
            await harness.failure("StartInstance", ["InstanceId": "i-bp1nothere"])?.code == "InvalidInstanceId.NotFound"
        )
        #expect(await harness.failure("StartInstance", [:])?.code == "MissingParameter")
    }

    @Test("wrong-state calls are IncorrectInstanceStatus (403) and change nothing")
    func wrongState() async {
        let ids = await harness.run()
        // Pending: nothing allowed.
        for action in ["StartInstances", "StopInstances", "RebootInstances"] {
            let error = await harness.failure(action, batch(ids))
            #expect(
                error
                    == ECSServiceError(
                        code: "IncorrectInstanceStatus",
                        message: "The current status of the resource does not support this operation.", httpStatus: 403)
            )
        }
        harness.settle()
        #expect(await harness.failure("StartInstances", batch(ids))?.code == "IncorrectInstanceStatus")
        // All together: one wrong instance stops the whole batch.
        let stopped = await running()
        _ = await harness.ok("StopInstances", batch(stopped))
        harness.settle()
        #expect(await harness.failure("StopInstances", batch(ids + stopped))?.code == "IncorrectInstanceStatus")
        #expect(await harness.status(ids[0]) == "Running")
        // Transitional states refuse too.
        _ = await harness.ok("StopInstances", batch(ids))
        #expect(await harness.failure("StartInstances", batch(ids))?.code == "IncorrectInstanceStatus")
    }

    @Test("BatchOptimization=SuccessFirst handles each instance on its own")
    func successFirst() async {
        let ids = await running(2)
        _ = await harness.ok("StopInstances", batch([ids[1]]))
        harness.settle()
        let body = await harness.ok(
            "StopInstances", batch([ids[0], ids[1], "i-bp1missing000000000"], ["BatchOptimization": "SuccessFirst"]))
        let items = body.list("InstanceResponses", "InstanceResponse")
        #expect(items.count == 3)
        #expect(items[0]["Code"]?.stringValue == "200")
        #expect(items[0]["CurrentStatus"]?.stringValue == "Stopping")
        #expect(items[1]["Code"]?.stringValue == "IncorrectInstanceStatus")
        #expect(items[1]["CurrentStatus"]?.stringValue == "Stopped")
        #expect(items[2]["Code"]?.stringValue == "InvalidInstanceId.NotFound")
        #expect(items[2]["Message"]?.stringValue == "The specified InstanceId does not exist.")
        #expect(items[2]["CurrentStatus"]?.stringValue == "")
        #expect(await harness.status(ids[0]) == "Stopping")
        let dry = await harness.failure(
            "StartInstances", batch(["i-bp1missing000000000"], ["BatchOptimization": "SuccessFirst", "DryRun": "true"]))
        #expect(dry?.code == "DRYRUN.SUCCESS")
    }

    @Test("batch dry runs answer DRYRUN.SUCCESS after the checks, and change nothing")
    func batchDryRun() async {
        let ids = await running()
        for action in ["StopInstances", "RebootInstances"] {
            let error = await harness.failure(action, batch(ids, ["DryRun": "True"]))
            #expect(
                error
                    == ECSServiceError(
                        code: "DRYRUN.SUCCESS", message: "This request is a dryrun request with successful result.",
                        httpStatus: 400))
        }
        #expect(
            await harness.failure("StartInstances", batch(ids, ["DryRun": "true"]))?.code == "IncorrectInstanceStatus")
        #expect(await harness.status(ids[0]) == "Running")
        #expect(
            await harness.failure("DeleteInstances", batch(ids, ["DryRun": "true", "Force": "true"]))?.code
                == "DRYRUN.SUCCESS")
        #expect(
            await harness.failure("DeleteInstance", ["InstanceId": ids[0], "DryRun": "true", "Force": "true"])?.code
                == "DryRunOperation")
        #expect(await harness.status(ids[0]) == "Running")
    }

    @Test("instance id lists: missing, empty, unknown, too many, other region or account")
    func instanceIDChecks() async {
        let ids = await running()
        #expect(await harness.failure("StartInstances", ["RegionId": "cn-hangzhou"])?.code == "MissingParameter")
        let empty = await harness.failure("StopInstances", ["RegionId": "cn-hangzhou", "InstanceId.1": ""])
        #expect(
            empty
                == ECSServiceError(
                    code: "InvalidInstanceId.NotFound", message: "InstanceId should not be null.", httpStatus: 403))
        let one = await harness.failure("StopInstances", batch(["i-bp1missing000000000"]))
        #expect(one?.code == "InvalidInstanceId.NotFound")
        #expect(one?.httpStatus == 404)
        let several = await harness.failure("StopInstances", batch(ids + ["i-bp1missing000000000"]))
        #expect(
            several
                == ECSServiceError(
                    code: "InvalidInstanceIds.NotFound", message: "The specified InstanceIds does not exist.",
                    httpStatus: 404))
        let many = (1...101).map { "i-bp1fake\($0)" }
        let tooMany = await harness.failure("StopInstances", batch(many))
        #expect(tooMany?.code == "InvalidParameter.TooManyInstanceIds")
        #expect(tooMany?.httpStatus == 403)
        var elsewhere = batch(ids)
        elsewhere["RegionId"] = "cn-beijing"
        #expect(await harness.failure("StopInstances", elsewhere)?.code == "InvalidInstanceId.NotFound")
        #expect(
            await harness.failure("StopInstances", batch(ids), account: "someone-else")?.code
                == "InvalidInstanceId.NotFound")
        #expect(
            await harness.failure("StopInstance", ["InstanceId": ids[0]], account: "someone-else")?.code
                == "InvalidInstanceId.NotFound")
    }

    @Test("delete: only Stopped without Force; Running with Force; never Pending; then gone")
    func delete() async {
        let pending = await harness.run()
        let initializing = await harness.failure("DeleteInstances", batch(pending, ["Force": "true"]))
        #expect(initializing?.code == "IncorrectInstanceStatus.Initializing")
        #expect(initializing?.httpStatus == 403)
        harness.settle()
        #expect(await harness.failure("DeleteInstances", batch(pending))?.code == "IncorrectInstanceStatus")
        let forced = await harness.ok("DeleteInstances", batch(pending, ["Force": "true"]))
        #expect(forced.isEmpty)
        #expect(await harness.describe(pending[0]) == nil)
        #expect(await harness.failure("StopInstances", batch(pending))?.code == "InvalidInstanceId.NotFound")

        let ids = await running(2)
        _ = await harness.ok("StopInstances", batch(ids))
        #expect(
            await harness.failure("DeleteInstances", batch(ids, ["Force": "true"]))?.code == "IncorrectInstanceStatus")
        harness.settle()
        _ = await harness.ok("DeleteInstances", batch([ids[0]]))
        _ = await harness.ok("DeleteInstance", ["InstanceId": ids[1]])
        let listed = await harness.ok("DescribeInstances", ["RegionId": "cn-hangzhou"])
        #expect(listed["TotalCount"]?.intValue == 0)
        #expect(await harness.failure("DeleteInstance", ["InstanceId": ids[1]])?.code == "InvalidInstanceId.NotFound")
    }

    @Test("deletion protection refuses release; DeleteInstances honours ClientToken")
    func deleteProtectionAndToken() async {
        let protected = await harness.run(["DeletionProtection": "true"])
        harness.settle()
        let refused = await harness.failure("DeleteInstances", batch(protected, ["Force": "true"]))
        #expect(refused?.code == "InvalidOperation.DeletionProtection")
        let ids = await running()
        let parameters = batch(ids, ["Force": "true", "ClientToken": "delete-1"])
        _ = await harness.ok("DeleteInstances", parameters)
        _ = await harness.ok("DeleteInstances", parameters)
        #expect(
            await harness.failure("DeleteInstances", batch(protected, ["ClientToken": "delete-1"]))?.code
                == "IdempotentParameterMismatch")
    }

    @Test("a freed private address is handed out again")
    func addressReuse() async throws {
        let fast = EngineHarness(transitionMilliseconds: 0)
        let first = await fast.run()
        let address = try #require(
            await fast.describe(first[0])?["VpcAttributes"]?["PrivateIpAddress"]?["IpAddress"]?[0])
        _ = await fast.ok("DeleteInstances", ["RegionId": "cn-hangzhou", "InstanceId.1": first[0], "Force": "true"])
        let again = await fast.run(["PrivateIpAddress": address.stringValue ?? ""])
        #expect(again.count == 1)
    }
}

import ECSOperations
import JSON
import Synchronization
import Testing

@Suite("ECSOperations waiting")
struct ECSOperationsWaitingTests {
    /// DescribeInstanceStatus over a table of statuses that moves one step per call.
    static func statusService(_ steps: [[String: String]]) -> ScriptedECS {
        let calls = Mutex(0)
        return ScriptedECS { action, parameters in
            guard action == "DescribeInstanceStatus" else { return (400, #"{"Code":"Unexpected","Message":"no"}"#) }
            let table = calls.withLock { count in
                defer { count += 1 }
                return steps[min(count, steps.count - 1)]
            }
            let asked = (1...100).compactMap { parameters["InstanceId.\($0)"] }
            let known = asked.filter { table[$0] != nil }
            let pageSize = Int(parameters["PageSize"] ?? "10") ?? 10
            let page = Int(parameters["PageNumber"] ?? "1") ?? 1
            let slice = known.dropFirst((page - 1) * pageSize).prefix(pageSize)
            let items = slice.map { #"{"InstanceId":"\#($0)","Status":"\#(table[$0] ?? "")"}"# }.joined(separator: ",")
            return (200, #"{"RequestId":"R","TotalCount":\#(known.count),"PageNumber":\#(page),"PageSize":\#(pageSize),"InstanceStatuses":{"InstanceStatus":[\#(items)]}}"#)
        }
    }

    @Test("statuses come from DescribeInstanceStatus with InstanceId.N, pages of 50, batches of 100")
    func statuses() async throws {
        let ids = (1...130).map { "i-\($0)" }
        let ecs = Self.statusService([Dictionary(uniqueKeysWithValues: ids.dropLast(5).map { ($0, "Running") })])
        let statuses = try await makeOperations(ecs).instanceStatuses(ids + ["i-1"], options: beijing)
        #expect(statuses.count == 125)
        #expect(statuses["i-130"] == nil)
        let calls = ecs.calls("DescribeInstanceStatus")
        // 100 ids: pages 1 and 2; the other 30: one page.
        #expect(calls.count == 3)
        #expect(calls.allSatisfy { $0.parameters["PageSize"] == "50" && $0.parameters["RegionId"] == "cn-beijing" })
        #expect(calls[0].parameters["InstanceId.100"] == "i-100" && calls[2].parameters["InstanceId.1"] == "i-101")
    }

    @Test("a wait polls until Running, reporting progress; Deleted waits for the ids to disappear")
    func waits() async throws {
        let ecs = Self.statusService([["i-a": "Pending", "i-b": "Pending"], ["i-a": "Running", "i-b": "Starting"], ["i-a": "Running", "i-b": "Running"], [:]])
        let operations = makeOperations(ecs)
        let fast = WaitPolicy(timeout: .seconds(30), interval: .milliseconds(1))
        let reports = Mutex<[String]>([])
        let running = try await operations.waitForInstances(
            InstanceWaitRequest(options: beijing, instanceIds: ["i-a", "i-b"], target: .running, policy: fast)
        ) { progress in reports.withLock { $0.append(progress.message) } }
        #expect(running.progress.reached == ["i-a", "i-b"])
        #expect(reports.withLock { $0 }.last == "2 of 2 instances Running")
        let deleted = try await operations.waitForInstances(
            InstanceWaitRequest(options: beijing, instanceIds: ["i-a", "i-b"], target: .deleted, policy: fast))
        #expect(deleted.progress.statuses.allSatisfy { $0.status == nil })
    }

    @Test("bad requests fail before any call")
    func validation() async throws {
        let ecs = Self.statusService([[:]])
        let operations = makeOperations(ecs)
        await #expect(throws: OperationError.self) {
            try await operations.waitForInstances(InstanceWaitRequest(options: beijing, instanceIds: [], target: .running))
        }
        await #expect(throws: OperationError.self) {
            try await operations.waitForInstances(InstanceWaitRequest(options: CallOptions(), instanceIds: ["i-a"], target: .running))
        }
        #expect(ecs.calls.isEmpty)
    }
}

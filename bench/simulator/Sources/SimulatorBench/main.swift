// SPDX-License-Identifier: Apache-2.0
//
// DescribeInstances over 10,000 instances in one region, pages of 100: server time per page
// (engine `answer`, and `answer` plus the JSON body the gateway sends), and memory per instance.

import ECSSimulator
import Foundation
import JSON

let instanceCount = 10_000
let region = "cn-hangzhou"
let account = "bench"

func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Resident bytes after glibc's `malloc_trim(0)` hands freed pages back to the system: what the live
/// data needs, without the freed-but-kept pages of earlier work (looked up at run time: not in `Glibc`).
func trimmedResidentBytes() -> Int {
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    return residentBytes()
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// CPU time of the whole process, in milliseconds: on a loaded shared machine wall time mostly measures
/// waiting for a core, CPU time measures the work.
func cpuMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
}

/// Wall and CPU time of one awaited operation.
func measure(_ body: () async -> Void) async -> (wall: Double, cpu: Double) {
    let cpuStart = cpuMilliseconds()
    let start = clock.now
    await body()
    return (milliseconds(clock.now - start), cpuMilliseconds() - cpuStart)
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
}

func report(_ label: String, _ samples: [(wall: Double, cpu: Double)]) {
    let cpu = samples.map(\.cpu).sorted()
    let wall = samples.map(\.wall).sorted()
    print(
        String(
            format: "%@ (%d calls): CPU median %.3f ms, p90 %.3f ms, p99 %.3f ms; wall median %.3f ms, p99 %.3f ms",
            label, samples.count, percentile(cpu, 0.5), percentile(cpu, 0.9), percentile(cpu, 0.99),
            percentile(wall, 0.5), percentile(wall, 0.99)))
}

func call(_ engine: ECSEngine, _ action: String, _ parameters: [String: String]) async -> JSONObject {
    switch await engine.perform(ECSCall(action: action, parameters: parameters, accountID: account)) {
    case .success(let body): return body
    case .failure(let error):
        print("\(action) failed: \(error.code) \(error.message)")
        exit(1)
    }
}

let clock = ContinuousClock()
let engine = ECSEngine(configuration: EngineConfiguration(transitionMilliseconds: 0))
let catalogStart = clock.now
_ = await call(engine, "DescribeRegions", [:])  // parses the embedded catalog, before memory is measured
print("first call (embedded catalog parsed): \(String(format: "%.1f", milliseconds(clock.now - catalogStart))) ms")
let switches = await call(engine, "DescribeVSwitches", ["RegionId": region])["VSwitches"]?["VSwitch"]?.arrayValue ?? []
let group =
    await call(engine, "DescribeSecurityGroups", ["RegionId": region])["SecurityGroups"]?["SecurityGroup"]?[0]?[
        "SecurityGroupId"]?.stringValue ?? ""

let residentBefore = residentBytes()
let trimmedBefore = trimmedResidentBytes()
let createStart = clock.now
for batch in 0..<(instanceCount / 100) {
    let vSwitch = switches[batch % switches.count]
    _ = await call(
        engine, "RunInstances",
        [
            "RegionId": region, "ImageId": "ubuntu_22_04_x64_20G_alibase_20240710.vhd", "InstanceType": "ecs.g7.large",
            "VSwitchId": vSwitch["VSwitchId"]?.stringValue ?? "", "SecurityGroupId": group, "Amount": "100",
            "InstanceName": "bench-[0,5]", "Tag.1.Key": "bench", "Tag.1.Value": "yes",
        ])
}
let createTime = clock.now - createStart
let residentAfter = residentBytes()
let trimmedAfter = trimmedResidentBytes()
var snapshotBytes = 0
let snapshotTime = await measure { snapshotBytes = await engine.snapshot().count }
let snapshotData = await engine.snapshot()
let restoreTime = await measure {
    let other = ECSEngine(configuration: EngineConfiguration(transitionMilliseconds: 0))
    try? await other.restore(from: snapshotData)
}
print(
    String(
        format: "snapshot of %d instances: %.0f ms CPU (%.0f ms wall); restore: %.0f ms CPU", instanceCount,
        snapshotTime.cpu, snapshotTime.wall, restoreTime.cpu))
print(
    "created \(instanceCount) instances in \(region) in \(String(format: "%.0f", milliseconds(createTime))) ms "
        + "(each one's DescribeInstances item rendered as it is created)")
print(
    "memory: resident +\((residentAfter - residentBefore) / 1024) KiB for \(instanceCount) instances = "
        + "\((residentAfter - residentBefore) / instanceCount) bytes per instance (after malloc_trim "
        + "\((trimmedAfter - trimmedBefore) / instanceCount)), record and rendered item; "
        + "snapshot \(snapshotBytes / 1024) KiB = \(snapshotBytes / instanceCount) bytes per instance")

// Each loop times the engine call (plus, where said, the JSON body the gateway sends) back to back:
// interleaving other work makes every call pay a thread wake-up on a loaded machine, which is
// scheduling, not server time.
func answer(_ parameters: [String: String], from engine: ECSEngine = engine) async -> ECSAnswer {
    switch await engine.answer(ECSCall(action: "DescribeInstances", parameters: parameters, accountID: account)) {
    case .success(let answer): return answer
    case .failure(let error):
        print("DescribeInstances failed: \(error.code) \(error.message)")
        exit(1)
    }
}

func pages(byToken: Bool, encode: Bool, from engine: ECSEngine = engine) async -> [(wall: Double, cpu: Double)] {
    var times: [(wall: Double, cpu: Double)] = []
    var token = ""
    var page = 1
    while page <= instanceCount / 100 {
        var parameters = ["RegionId": region]
        if byToken {
            parameters["MaxResults"] = "100"
            if !token.isEmpty { parameters["NextToken"] = token }
        } else {
            parameters["PageSize"] = "100"
            parameters["PageNumber"] = String(page)
        }
        var body = ECSAnswer(fields: JSONObject())
        times.append(
            await measure {
                body = await answer(parameters, from: engine)
                if encode { _ = body.jsonBytes(requestID: "C0FFEE00-0000-4000-8000-000000000000").count }
            })
        token = body.fields["NextToken"]?.stringValue ?? ""
        page += 1
    }
    return times
}

// A restored engine renders items on first read: what that costs, in time and memory.
do {
    let trimmedBeforeRestore = trimmedResidentBytes()
    let restored = ECSEngine(configuration: EngineConfiguration(transitionMilliseconds: 0))
    try? await restored.restore(from: snapshotData)
    let trimmedRestored = trimmedResidentBytes()
    report(
        "restored engine, first read of each page (items rendered): DescribeInstances PageSize=100, "
            + "engine answer + JSON body", await pages(byToken: false, encode: true, from: restored))
    let trimmedRendered = trimmedResidentBytes()
    print(
        "memory of the restored engine (after malloc_trim): \((trimmedRestored - trimmedBeforeRestore) / instanceCount) "
            + "bytes per instance as restored, \((trimmedRendered - trimmedBeforeRestore) / instanceCount) "
            + "with every item rendered")
}

let pageBytes = await answer(["RegionId": region, "PageSize": "100"]).jsonBytes(requestID: "C0FFEE00").count
for round in 1...3 {
    report("round \(round): DescribeInstances PageNumber/PageSize=100, engine answer", await pages(byToken: false, encode: false))
    report("round \(round): DescribeInstances NextToken/MaxResults=100, engine answer", await pages(byToken: true, encode: false))
    report(
        "round \(round): DescribeInstances PageNumber/PageSize=100, engine answer + JSON body (\(pageBytes / 1024) KiB)",
        await pages(byToken: false, encode: true))
}

var valueTimes: [(wall: Double, cpu: Double)] = []
for page in 1...(instanceCount / 100) {
    let body = await answer(["RegionId": region, "PageSize": "100", "PageNumber": String(page)]).object
    valueTimes.append(await measure { _ = JSONValue.object(body).serializedBytes().count })
}
report("for comparison: the same page as JSON values serialized by the JSON module (the old path)", valueTimes)

var filterTimes: [(wall: Double, cpu: Double)] = []
for _ in 0..<20 {
    filterTimes.append(
        await measure {
            _ = await answer(["RegionId": region, "PageSize": "100", "InstanceName": "bench-0999*"])
        })
}
report("filtered DescribeInstances (InstanceName wildcard, scans 10,000), engine answer", filterTimes)
let someIDs = (await answer(["RegionId": region, "PageSize": "100", "PageNumber": "42"])).object["Instances"]?["Instance"]?
    .arrayValue?.prefix(10).compactMap { $0["InstanceId"]?.stringValue } ?? []
let idList = "[" + someIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]"
var idTimes: [(wall: Double, cpu: Double)] = []
for _ in 0..<100 {
    idTimes.append(await measure { _ = await answer(["RegionId": region, "InstanceIds": idList]) })
}
report("DescribeInstances InstanceIds=[10 ids] (looked up, not scanned), engine answer", idTimes)
var statusTimes: [(wall: Double, cpu: Double)] = []
for page in 1...200 {
    statusTimes.append(
        await measure {
            _ = await call(engine, "DescribeInstanceStatus", ["RegionId": region, "PageSize": "50", "PageNumber": String(page)])
        })
}
report("DescribeInstanceStatus PageSize=50, engine perform", statusTimes)

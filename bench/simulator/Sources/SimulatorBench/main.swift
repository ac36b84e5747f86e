// SPDX-License-Identifier: Apache-2.0
//
// DescribeInstances over 10,000 instances in one region, pages of 100: server time per page
// (engine `perform`, and `perform` plus JSON serialization), and memory per instance.

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

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
}

func report(_ label: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    let mean = samples.reduce(0, +) / Double(samples.count)
    print(
        String(
            format: "%@: %d pages, median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms", label,
            samples.count, percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99),
            sorted.last ?? 0, mean))
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
_ = await call(engine, "DescribeRegions", [:])  // parse the catalog before measuring memory
let switches = await call(engine, "DescribeVSwitches", ["RegionId": region])["VSwitches"]?["VSwitch"]?.arrayValue ?? []
let group =
    await call(engine, "DescribeSecurityGroups", ["RegionId": region])["SecurityGroups"]?["SecurityGroup"]?[0]?[
        "SecurityGroupId"]?.stringValue ?? ""

let residentBefore = residentBytes()
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
let snapshotBytes = await engine.snapshot().count
print("created \(instanceCount) instances in \(region) in \(String(format: "%.0f", milliseconds(createTime))) ms")
print(
    "memory: resident +\((residentAfter - residentBefore) / 1024) KiB for \(instanceCount) instances = "
        + "\((residentAfter - residentBefore) / instanceCount) bytes per instance; "
        + "snapshot \(snapshotBytes / 1024) KiB = \(snapshotBytes / instanceCount) bytes per instance")

// Warm-up pass, then measured passes.
for round in 0..<4 {
    var engineTimes: [Double] = []
    var fullTimes: [Double] = []
    var tokenTimes: [Double] = []
    var bytes = 0
    for page in 1...(instanceCount / 100) {
        let parameters = ["RegionId": region, "PageSize": "100", "PageNumber": String(page)]
        let start = clock.now
        let body = await call(engine, "DescribeInstances", parameters)
        let performed = clock.now
        let text = JSONValue.object(body).serializedBytes()
        let serialized = clock.now
        bytes += text.count
        engineTimes.append(milliseconds(performed - start))
        fullTimes.append(milliseconds(serialized - start))
    }
    var token = ""
    repeat {
        var parameters = ["RegionId": region, "MaxResults": "100"]
        if !token.isEmpty { parameters["NextToken"] = token }
        let start = clock.now
        let body = await call(engine, "DescribeInstances", parameters)
        _ = JSONValue.object(body).serializedBytes()
        tokenTimes.append(milliseconds(clock.now - start))
        token = body["NextToken"]?.stringValue ?? ""
    } while !token.isEmpty
    if round == 0 {
        let residentRendered = residentBytes()
        print(
            "memory with every DescribeInstances item rendered and cached: resident "
                + "\((residentRendered - residentBefore) / instanceCount) bytes per instance")
        report("first pass (items rendered, then cached), engine perform", engineTimes)
        continue
    }
    print("round \(round): \(bytes / (instanceCount / 100)) bytes of JSON per page")
    report("  PageNumber/PageSize=100, engine perform", engineTimes)
    report("  PageNumber/PageSize=100, perform + serialize", fullTimes)
    report("  NextToken/MaxResults=100, perform + serialize", tokenTimes)
}

var filterTimes: [Double] = []
for _ in 0..<20 {
    let start = clock.now
    _ = await call(engine, "DescribeInstances", ["RegionId": region, "PageSize": "100", "InstanceName": "bench-0999*"])
    filterTimes.append(milliseconds(clock.now - start))
}
report("filtered scan (InstanceName wildcard over 10,000), engine perform", filterTimes)
var statusTimes: [Double] = []
for page in 1...200 {
    let start = clock.now
    _ = await call(
        engine, "DescribeInstanceStatus", ["RegionId": region, "PageSize": "50", "PageNumber": String(page)])
    statusTimes.append(milliseconds(clock.now - start))
}
report("DescribeInstanceStatus PageSize=50, engine perform", statusTimes)

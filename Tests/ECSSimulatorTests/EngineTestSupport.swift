// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON
import Synchronization
import Testing

@testable import ECSSimulator

/// A clock the test moves by hand, so transitions happen exactly when the test says.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(milliseconds: Int) {
        current.withLock { $0 += Double(milliseconds) / 1000 }
    }

    var engineClock: EngineClock { EngineClock { [self] in now } }
}

/// An engine with a manual clock and 1000 ms transitions, plus wire-style call helpers.
struct EngineHarness {
    let clock = ManualClock()
    let engine: ECSEngine
    static let region = "cn-hangzhou"
    static let account = "1234567890"
    static let image = "ubuntu_22_04_x64_20G_alibase_20240710.vhd"
    static let instanceType = "ecs.g7.large"

    init(transitionMilliseconds: Int = 1000) {
        engine = ECSEngine(
            configuration: EngineConfiguration(transitionMilliseconds: transitionMilliseconds, clock: clock.engineClock)
        )
    }

    var network: RegionNetwork { RegionNetwork.all[EngineHarness.region]! }
    var vSwitch: DefaultVSwitch { network.vSwitches[0] }

    func call(
        _ action: String, _ parameters: [String: String] = [:], account: String = EngineHarness.account
    ) async -> Result<JSONObject, ECSServiceError> {
        await engine.perform(ECSCall(action: action, parameters: parameters, accountID: account))
    }

    /// The success body; records a test failure and returns an empty object on an error.
    func ok(
        _ action: String, _ parameters: [String: String] = [:], account: String = EngineHarness.account,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> JSONObject {
        switch await call(action, parameters, account: account) {
        case .success(let body): return body
        case .failure(let error):
            Issue.record("\(action) failed: \(error.code) \(error.message)", sourceLocation: sourceLocation)
            return JSONObject()
        }
    }

    /// The error; records a test failure when the call succeeded.
    func failure(
        _ action: String, _ parameters: [String: String] = [:], account: String = EngineHarness.account,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> ECSServiceError? {
        switch await call(action, parameters, account: account) {
        case .success(let body):
            Issue.record("\(action) succeeded unexpectedly: \(JSONValue.object(body))", sourceLocation: sourceLocation)
            return nil
        case .failure(let error): return error
        }
    }

    /// Minimal valid RunInstances parameters in cn-hangzhou's first zone.
    func runParameters(_ extra: [String: String] = [:]) -> [String: String] {
        var parameters = [
            "RegionId": EngineHarness.region, "ImageId": EngineHarness.image,
            "InstanceType": EngineHarness.instanceType, "VSwitchId": vSwitch.vSwitchID,
            "SecurityGroupId": network.securityGroupID,
            // Common parameters the SDKs add; the engine ignores them.
            "AccessKeyId": "testid", "Format": "JSON", "Version": "2014-05-26", "SignatureNonce": UUID().uuidString,
        ]
        parameters.merge(extra) { _, new in new }
        return parameters
    }

    /// Runs instances and returns their ids.
    func run(_ extra: [String: String] = [:], action: String = "RunInstances") async -> [String] {
        let body = await ok(action, runParameters(extra))
        if action == "CreateInstance" { return body["InstanceId"]?.stringValue.map { [$0] } ?? [] }
        return body["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The DescribeInstances item of one instance.
    func describe(_ id: String) async -> JSONObject? {
        let body = await ok(
            "DescribeInstances", ["RegionId": EngineHarness.region, "InstanceIds": "[\"\(id)\"]"])
        return body["Instances"]?["Instance"]?[0]?.objectValue
    }

    func status(_ id: String) async -> String? {
        await describe(id)?["Status"]?.stringValue
    }

    /// Lets transitions finish.
    func settle() {
        clock.advance(milliseconds: 10_000)
    }
}

extension JSONObject {
    /// The array under `wrapper.item` (`Instances.Instance`), or empty.
    func list(_ wrapper: String, _ item: String) -> [JSONValue] {
        self[wrapper]?[item]?.arrayValue ?? []
    }
}

// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// Start, stop, reboot and delete, batch (`InstanceId.N`) and single (`InstanceId`).
extension ECSEngine {
    /// StartInstances, StopInstances, RebootInstances.
    func changeInstances(
        _ operation: InstanceOperation, _ parameters: WireParameters, account: String
    ) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let ids = try instanceIDList(parameters, required: true)
        let batch = parameters.string("BatchOptimization") ?? "AllTogether"
        guard ["AllTogether", "SuccessFirst"].contains(batch) else { throw .invalidParameter("BatchOptimization") }
        let stoppedMode = try operationOptions(operation, parameters)
        let dryRun = try parameters.bool("DryRun", default: false)
        let now = self.now

        if batch == "SuccessFirst" {
            if dryRun { throw .dryRunSuccess }
            var items: [JSONValue] = []
            for id in ids {
                guard let record = owned(id, account: account, region: region.regionID) else {
                    items.append(responseItem(id, error: .instanceNotFound, current: "", previous: ""))
                    continue
                }
                let status = record.status(at: now)
                guard status == operation.requiredStatus else {
                    items.append(
                        responseItem(
                            id, error: .incorrectInstanceStatus, current: status.rawValue, previous: status.rawValue))
                    continue
                }
                apply(operation, to: id, stoppedMode: stoppedMode, now: now)
                items.append(responseItem(id, current: operation.path[0].rawValue, previous: status.rawValue))
            }
            return ["InstanceResponses": ["InstanceResponse": .array(items)]]
        }

        var previous: [String: InstanceStatus] = [:]
        let missing = ids.filter { owned($0, account: account, region: region.regionID) == nil }
        if !missing.isEmpty { throw ids.count == 1 ? .instanceNotFound : .instancesNotFound }
        for id in ids {
            let status = store.record(id)?.status(at: now) ?? .pending
            guard status == operation.requiredStatus else { throw .incorrectInstanceStatus }
            previous[id] = status
        }
        if dryRun { throw .dryRunSuccess }
        var items: [JSONValue] = []
        for id in ids {
            apply(operation, to: id, stoppedMode: stoppedMode, now: now)
            items.append(
                responseItem(id, current: operation.path[0].rawValue, previous: previous[id]?.rawValue ?? ""))
        }
        return ["InstanceResponses": ["InstanceResponse": .array(items)]]
    }

    /// StartInstance, StopInstance, RebootInstance: one `InstanceId`, no RegionId needed.
    func changeInstance(
        _ operation: InstanceOperation, _ parameters: WireParameters, account: String
    ) throws(ECSServiceError) -> JSONObject {
        let id = try parameters.requiredString("InstanceId")
        let stoppedMode = try operationOptions(operation, parameters)
        let dryRun = try parameters.bool("DryRun", default: false)
        let now = self.now
        guard let record = owned(id, account: account, region: nil) else { throw .instanceNotFound }
        guard record.status(at: now) == operation.requiredStatus else { throw .incorrectInstanceStatus }
        if dryRun { throw .dryRunOperation }
        apply(operation, to: id, stoppedMode: stoppedMode, now: now)
        return JSONObject()
    }

    /// DeleteInstances: only Stopped instances unless Force; answers `DRYRUN.SUCCESS` to a dry run.
    func deleteInstances(_ parameters: WireParameters, account: String) throws(ECSServiceError) -> JSONObject {
        let region = try requiredRegion(parameters)
        let ids = try instanceIDList(parameters, required: true)
        let force = try parameters.bool("Force", default: false)
        _ = try parameters.bool("ForceStop")
        _ = try parameters.bool("TerminateSubscription")
        let dryRun = try parameters.bool("DryRun", default: false)
        var token: String?
        if let text = parameters.string("ClientToken") {
            guard text.utf8.count <= 64, text.allSatisfy(\.isASCII) else { throw .invalidClientToken }
            token = text
        }
        return try idempotent("DeleteInstances", dryRun ? nil : token, parameters, account: account) {
            () throws(ECSServiceError) in
            let now = self.now
            let missing = ids.filter { owned($0, account: account, region: region.regionID) == nil }
            if !missing.isEmpty { throw ids.count == 1 ? .instanceNotFound : .instancesNotFound }
            for id in ids {
                if let record = store.record(id) { try checkDeletable(record, force: force, now: now) }
            }
            if dryRun { throw .dryRunSuccess }
            for id in ids { store.remove(id) }
            markChanged()
            return JSONObject()
        }
    }

    /// DeleteInstance: one `InstanceId`, no RegionId; answers `DryRunOperation` to a dry run.
    func deleteInstance(_ parameters: WireParameters, account: String) throws(ECSServiceError) -> JSONObject {
        let id = try parameters.requiredString("InstanceId")
        let force = try parameters.bool("Force", default: false)
        _ = try parameters.bool("ForceStop")
        _ = try parameters.bool("TerminateSubscription")
        let dryRun = try parameters.bool("DryRun", default: false)
        guard let record = owned(id, account: account, region: nil) else { throw .instanceNotFound }
        try checkDeletable(record, force: force, now: now)
        if dryRun { throw .dryRunOperation }
        store.remove(id)
        markChanged()
        return JSONObject()
    }

    // MARK: - Helpers

    /// The record when it exists, belongs to the account and (when given) lies in the region.
    func owned(_ id: String, account: String, region: String?) -> InstanceRecord? {
        guard let record = store.record(id), record.accountID == account else { return nil }
        if let region, record.regionID != region { return nil }
        return record
    }

    private func checkDeletable(_ record: InstanceRecord, force: Bool, now: Date) throws(ECSServiceError) {
        if record.deletionProtection { throw .deletionProtection }
        switch record.status(at: now) {
        case .pending: throw .instanceInitializing
        case .stopped: return
        case .running where force: return
        default: throw .incorrectInstanceStatus
        }
    }

    /// Reads and checks the operation's own options; returns the stopped mode for a stop.
    private func operationOptions(
        _ operation: InstanceOperation, _ parameters: WireParameters
    ) throws(ECSServiceError) -> String {
        switch operation {
        case .start:
            _ = try parameters.bool("InitLocalDisk")
            return "KeepCharging"
        case .stop:
            _ = try parameters.bool("ForceStop")
            _ = try parameters.bool("ConfirmStop")
            let mode = parameters.string("StoppedMode") ?? "KeepCharging"
            guard ["KeepCharging", "StopCharging"].contains(mode) else { throw .invalidParameter("StoppedMode") }
            return mode
        case .reboot:
            _ = try parameters.bool("ForceReboot")
            _ = try parameters.bool("ForceStop")
            return "KeepCharging"
        }
    }

    private func apply(_ operation: InstanceOperation, to id: String, stoppedMode: String, now: Date) {
        let interval = transitionInterval
        store.update(id) { record in
            record.lifecycle.settle(at: now)
            record.lifecycle.begin(operation.path, at: now, interval: interval)
            switch operation {
            case .stop: record.stoppedMode = stoppedMode
            case .start, .reboot: record.startTime = MinuteTime.minutes(now)
            }
        }
        markChanged()
    }

    private func responseItem(
        _ id: String, error: ECSServiceError? = nil, current: String, previous: String
    ) -> JSONValue {
        [
            "Code": .string(error?.code ?? "200"), "Message": .string(error?.message ?? "success"),
            "InstanceId": .string(id), "CurrentStatus": .string(current), "PreviousStatus": .string(previous),
        ]
    }
}

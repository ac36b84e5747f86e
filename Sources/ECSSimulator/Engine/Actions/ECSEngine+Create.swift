// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// RunInstances (created and started) and CreateInstance (created stopped), with ClientToken idempotency.
extension ECSEngine {
    func runInstances(_ parameters: WireParameters, account: String) throws(ECSServiceError) -> JSONObject {
        let request = try LaunchRequest(parameters, kind: .run, now: now)
        if request.dryRun { throw .dryRunOperation }
        return try idempotent("RunInstances", request.clientToken, parameters, account: account) {
            () throws(ECSServiceError) in
            let records = try launch(request, account: account)
            var body = JSONObject()
            if request.instanceChargeType == "PrePaid" { body["OrderId"] = .string(orderID()) }
            body["TradePrice"] = tradePrice(request, count: records.count)
            body["InstanceIdSets"] = ["InstanceIdSet": .array(records.map { .string($0.instanceID) })]
            return body
        }
    }

    func createInstance(_ parameters: WireParameters, account: String) throws(ECSServiceError) -> JSONObject {
        let request = try LaunchRequest(parameters, kind: .create, now: now)
        if request.dryRun { throw .dryRunOperation }
        return try idempotent("CreateInstance", request.clientToken, parameters, account: account) {
            () throws(ECSServiceError) in
            let records = try launch(request, account: account)
            var body = JSONObject()
            body["InstanceId"] = .string(records.first?.instanceID ?? "")
            if request.instanceChargeType == "PrePaid" { body["OrderId"] = .string(orderID()) }
            body["TradePrice"] = tradePrice(request, count: records.count)
            return body
        }
    }

    /// Answers a repeated ClientToken with the first answer, refuses it with changed parameters.
    func idempotent(
        _ action: String, _ token: String?, _ parameters: WireParameters, account: String,
        _ body: () throws(ECSServiceError) -> JSONObject
    ) throws(ECSServiceError) -> JSONObject {
        guard let token else { return try body() }
        let key = IdempotencyEntry.key(account: account, action: action, token: token)
        let digest = IdempotencyEntry.digest(parameters.fingerprint)
        if let entry = idempotency[key] {
            guard entry.parametersDigest == digest else { throw .idempotentParameterMismatch }
            if let stored = try? JSONValue.parse(entry.result).objectValue { return stored }
        }
        let result = try body()
        idempotency[key] = IdempotencyEntry(
            key: key, parametersDigest: digest, result: JSONValue.object(result).serialized())
        markChanged()
        return result
    }

    /// Creates the batch: addresses first (all or, with MinAmount, as many as fit), then the records.
    private func launch(_ request: LaunchRequest, account: String) throws(ECSServiceError) -> [InstanceRecord] {
        let vSwitch = request.vSwitch
        var addresses: [UInt32] = []
        if let first = request.privateIPAddress {
            for offset in 0..<request.amount {
                let address = first + UInt32(offset)
                guard !store.addresses.isUsed(address, in: vSwitch.vSwitchID) else { throw .privateAddressDuplicated }
                addresses.append(address)
            }
        } else {
            let free = DefaultVSwitch.usableOffsets.count - store.addresses.usedCount(in: vSwitch.vSwitchID)
            var count = request.amount
            if free < count {
                guard let minimum = request.minimumAmount, free >= minimum else { throw .vSwitchAddressesExhausted }
                count = free
            }
            for _ in 0..<count {
                guard let address = store.allocateAddress(in: vSwitch) else { break }
                addresses.append(address)
            }
        }
        let now = self.now
        let creationTime = MinuteTime.minutes(now)
        var records: [InstanceRecord] = []
        var entries: [InstanceEntry] = []
        for (index, address) in addresses.enumerated() {
            let record = makeRecord(
                request, index: index, address: address, account: account, now: now, creationTime: creationTime)
            entries.append(store.insert(record))
            records.append(record)
        }
        // Items are rendered now (reads outnumber writes), after the records: interleaving their memory with
        // the records' would spread the records apart and slow every scan of a region several times.
        for entry in entries { entry.prepareItem(at: now) }
        markChanged()
        return records
    }

    private func makeRecord(
        _ request: LaunchRequest, index: Int, address: UInt32, account: String, now: Date, creationTime: String
    ) -> InstanceRecord {
        let regionID = request.region.regionID
        var instanceID = ResourceIdentifier.random("i", regionID: regionID, using: &generator)
        while store.record(instanceID) != nil {
            instanceID = ResourceIdentifier.random("i", regionID: regionID, using: &generator)
        }
        let sequence = store.takeSequence()
        let type = request.instanceType
        let image = request.image
        let bareID = String(instanceID.dropFirst(2))
        let defaultHost = "iZ" + (image.isWindows ? String(bareID.prefix(12)) : bareID) + "Z"
        let hostName =
            request.hostNames[index].map {
                $0.replacingOccurrences(of: LaunchRequest.hostNamePlaceholder, with: instanceID)
            } ?? defaultHost
        var lifecycle = InstanceLifecycle(status: .pending)
        let path: [InstanceStatus] = request.kind == .run ? [.pending, .starting, .running] : [.pending, .stopped]
        lifecycle.begin(path, at: now, interval: transitionInterval)
        var expiredTime = "2099-12-31T15:59Z"
        if let months = request.periodMonths {
            expiredTime = MinuteTime.minutes(Calendar.utc.date(byAdding: .month, value: months, to: now) ?? now)
        } else if let weeks = request.periodWeeks {
            expiredTime = MinuteTime.minutes(now + Double(weeks) * 7 * 24 * 3600)
        }
        let publicAddress: String? =
            request.kind == .run && request.internetMaxBandwidthOut > 0
            ? IPv4Address.format(UInt32(47) << 24 | UInt32(96) << 16 + UInt32(truncatingIfNeeded: sequence % 0x10_0000))
            : nil
        return InstanceRecord(
            instanceID: instanceID, accountID: account, regionID: regionID, zoneID: request.vSwitch.zoneID,
            sequence: sequence, instanceName: request.instanceNames[index] ?? instanceID, hostName: hostName,
            description: request.description, instanceType: type.typeID, instanceTypeFamily: type.family,
            cpu: type.cpuCoreCount, memoryMiB: type.memoryMiB, gpuAmount: type.gpuAmount, gpuSpec: type.gpuSpec,
            localStorageAmount: type.localStorageAmount, localStorageCapacity: type.localStorageCapacity,
            creditSpecification: request.creditSpecification, imageID: image.imageID, osType: image.osType,
            osName: image.osName, osNameEnglish: image.osNameEnglish, vpcID: request.vSwitch.vpcID,
            vSwitchID: request.vSwitch.vSwitchID, privateIPAddress: address, publicIPAddress: publicAddress,
            securityGroupIDs: request.securityGroupIDs,
            networkInterfaceID: ResourceIdentifier.random("eni", regionID: regionID, using: &generator),
            macAddress: macAddress(), serialNumber: UUID().uuidString.lowercased(),
            systemDiskCategory: request.systemDiskCategory, systemDiskSize: request.systemDiskSize,
            instanceChargeType: request.instanceChargeType, internetChargeType: request.internetChargeType,
            internetMaxBandwidthOut: request.internetMaxBandwidthOut,
            internetMaxBandwidthIn: request.internetMaxBandwidthIn, spotStrategy: request.spotStrategy,
            deletionProtection: request.deletionProtection, keyPairName: "", resourceGroupID: request.resourceGroupID,
            tags: request.tags, creationTime: creationTime,
            startTime: request.kind == .run ? creationTime : "", expiredTime: expiredTime,
            autoReleaseTime: request.autoReleaseTime.map(MinuteTime.minutes) ?? "", stoppedMode: "KeepCharging",
            lifecycle: lifecycle)
    }

    private func macAddress() -> String {
        let bytes = (0..<3).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "00:16:3e:" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }

    private func orderID() -> String {
        String(Int.random(in: 200_000_000_000_000...299_999_999_999_999, using: &generator))
    }

    /// A plausible hourly price for the batch, three decimals (`0.165`).
    private func tradePrice(_ request: LaunchRequest, count: Int) -> JSONValue {
        let type = request.instanceType
        let hourly = (Double(type.cpuCoreCount) * 0.06 + type.memoryGiB * 0.008) * Double(count)
        let text = String(format: "%.3f", hourly)
        return .number(JSONNumber(literal: text) ?? JSONNumber(hourly))
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}

import Foundation
import JSON
import Synchronization

/// The simulated STS (Version 2015-04-01) on the simulator's listener: AssumeRole, signed like any RPC call by a
/// key the simulator knows (or by an earlier temporary key: role chaining), issues `STS.`-prefixed keys with a
/// SecurityToken and Expiration, which the gateway then accepts for ECS calls until they expire.
/// Kept apart from the ECS engine: the two share only the gateway's authentication.
final class STSService: Sendable {
    static let apiVersion = "2015-04-01"
    /// DurationSeconds as the service allows it (up to the role's maximum session, 12 hours at most).
    static let durationRange = 900...43200
    /// Expired keys are forgotten after this long (until then they answer `InvalidSecurityToken.Expired`).
    static let expiredRetention: TimeInterval = 3600

    private let keys = Mutex<[String: TemporaryAccessKey]>([:])

    /// Answers one STS action for `account` (the caller's), at `now`.
    func answer(action: String, parameters: [String: String], account: String, now: Date) throws(ECSServiceError) -> ECSAnswer {
        guard action == "AssumeRole" else { throw GatewayError.actionNotFound }
        return try assumeRole(parameters, account: account, now: now)
    }

    /// The temporary key with this id, if STS issued it and has not forgotten it.
    func temporaryKey(_ id: String) -> TemporaryAccessKey? { keys.withLock { $0[id] } }

    /// Forgets every issued key (the control surface's reset).
    func removeAll() { keys.withLock { $0.removeAll() } }

    private func assumeRole(_ parameters: [String: String], account: String, now: Date) throws(ECSServiceError) -> ECSAnswer {
        guard let roleArn = nonEmpty(parameters["RoleArn"]) else { throw STSErrors.missingParameter("RoleArn") }
        guard Self.roleName(in: roleArn) != nil else { throw STSErrors.invalidRoleArn }
        guard let session = nonEmpty(parameters["RoleSessionName"]) else { throw STSErrors.missingParameter("RoleSessionName") }
        guard (2...64).contains(session.count),
            session.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@".contains($0)) })
        else { throw STSErrors.invalidRoleSessionName }
        var duration = 3600
        if let text = parameters["DurationSeconds"] {
            guard let value = Int(text), Self.durationRange.contains(value) else { throw STSErrors.invalidDurationSeconds }
            duration = value
        }
        if let externalId = parameters["ExternalId"] {
            guard (2...1224).contains(externalId.count),
                externalId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "=,.@:/-_".contains($0)) })
            else { throw STSErrors.invalidExternalId }
        }
        if let policy = parameters["Policy"] {
            guard (try? JSONValue.parse(Array(policy.utf8)))?.objectValue != nil else { throw STSErrors.invalidPolicy }
        }
        let expiration = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(duration)).rounded(.down))
        let key = TemporaryAccessKey(
            id: "STS." + Self.randomText(count: 25), secret: Self.randomText(count: 44),
            securityToken: "CAIS" + Self.randomText(count: 316), expiration: expiration, account: account)
        keys.withLock { table in
            table = table.filter { $0.value.expiration.addingTimeInterval(Self.expiredRetention) > now }
            table[key.id] = key
        }
        let roleId = String((0..<18).map { _ in "0123456789".randomElement() ?? "0" })
        let arnPrefix = roleArn.hasSuffix("/") ? String(roleArn.dropLast()) : roleArn
        return ECSAnswer(fields: [
            "RequestId": "",
            "AssumedRoleUser": [
                "Arn": .string("\(arnPrefix)/\(session)"), "AssumedRoleId": .string("\(roleId):\(session)"),
            ],
            "Credentials": [
                "SecurityToken": .string(key.securityToken), "AccessKeyId": .string(key.id),
                "AccessKeySecret": .string(key.secret), "Expiration": .string(Self.timestamp(expiration)),
            ],
        ])
    }

    /// `acs:ram::<account id>:role/<role name>` → the role name.
    static func roleName(in arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "acs", parts[1] == "ram", parts[2].isEmpty, !parts[3].isEmpty,
            parts[3].allSatisfy(\.isNumber), parts[4].lowercased().hasPrefix("role/")
        else { return nil }
        let name = parts[4].dropFirst(5)
        return name.isEmpty ? nil : String(name)
    }

    /// `2015-04-09T11:52:19Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    private static func randomText(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    private func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
}

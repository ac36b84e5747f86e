import Foundation
import JSON

/// Credentials that were fetched (from STS, a process or a URL), with when they stop working, if known.
public struct TemporaryCredentials: Sendable, Hashable, CustomStringConvertible {
    public var credentials: AccessCredentials
    public var expiration: Date?

    public init(credentials: AccessCredentials, expiration: Date?) {
        self.credentials = credentials
        self.expiration = expiration
    }

    public var description: String {
        "TemporaryCredentials(\(credentials)" + (expiration.map { ", expires \(Self.format($0))" } ?? "") + ")"
    }

    /// Reads `{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}` (STS's `Credentials`, a credentials URI's
    /// answer); nil names the first field missing.
    static func parse(_ object: JSONValue) -> Result<TemporaryCredentials, MissingField> {
        guard let id = object["AccessKeyId"]?.stringValue, !id.isEmpty else { return .failure(MissingField(name: "AccessKeyId")) }
        guard let secret = object["AccessKeySecret"]?.stringValue, !secret.isEmpty else {
            return .failure(MissingField(name: "AccessKeySecret"))
        }
        let token = object["SecurityToken"]?.stringValue
        let expiration = object["Expiration"]?.stringValue.flatMap(parseDate)
        if object["Expiration"]?.stringValue != nil && expiration == nil {
            return .failure(MissingField(name: "Expiration (not an ISO 8601 UTC time)"))
        }
        return .success(
            TemporaryCredentials(
                credentials: AccessCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: token),
                expiration: expiration))
    }

    /// The `Credentials` of an STS AssumeRole answer.
    public static func parse(assumeRoleAnswer body: JSONValue) -> Result<TemporaryCredentials, MissingField> {
        guard let credentials = body["Credentials"], credentials.objectValue != nil else {
            return .failure(MissingField(name: "Credentials"))
        }
        return parse(credentials)
    }

    /// A field an answer lacked.
    public struct MissingField: Error, Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var description: String { "the answer has no usable \(name)" }
    }

    /// `2015-04-09T11:52:19Z` (fractional seconds allowed).
    public static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// `2015-04-09T11:52:19Z`.
    public static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

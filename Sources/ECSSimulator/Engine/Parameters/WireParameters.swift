// SPDX-License-Identifier: Apache-2.0

import JSON

/// Typed reads of raw ECS wire parameters, failing with the service's own errors.
struct WireParameters: Sendable {
    let values: [String: String]

    init(_ values: [String: String]) {
        self.values = values
    }

    /// The value, or nil when absent or empty (the SDKs leave unset parameters out or send them empty).
    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func requiredString(_ name: String) throws(ECSServiceError) -> String {
        guard let value = string(name) else { throw .missingParameter(name) }
        return value
    }

    /// A Boolean parsed case-insensitively (`true`, `True`, `false`); anything else is `InvalidParameter`.
    func bool(_ name: String) throws(ECSServiceError) -> Bool? {
        guard let value = string(name) else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidParameter(name)
        }
    }

    func bool(_ name: String, default fallback: Bool) throws(ECSServiceError) -> Bool {
        try bool(name) ?? fallback
    }

    /// An integer; a non-integer value fails with `error` (default `InvalidParameter`).
    func int(_ name: String, error: ECSServiceError? = nil) throws(ECSServiceError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value.trimmingSpaces()) else { throw error ?? .invalidParameter(name) }
        return number
    }

    /// Values of a repeated list `Prefix.1`, `Prefix.2`, ... in index order (gaps allowed).
    func list(_ prefix: String) -> [(index: Int, value: String)] {
        let lead = prefix + "."
        var found: [(index: Int, value: String)] = []
        for (key, value) in values where key.hasPrefix(lead) {
            let rest = key.dropFirst(lead.count)
            guard let index = Int(rest), index >= 1 else { continue }
            found.append((index, value))
        }
        return found.sorted { $0.index < $1.index }
    }

    /// Tags from `Tag.N.Key` / `Tag.N.Value`, N = 1–20.
    func tags(prefix: String = "Tag") throws(ECSServiceError) -> [InstanceTag] {
        let lead = prefix + "."
        var keys: [Int: String] = [:]
        var tagValues: [Int: String] = [:]
        for (key, value) in values where key.hasPrefix(lead) {
            let parts = key.dropFirst(lead.count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]) else { continue }
            guard (1...20).contains(index) else { throw .tagCount }
            switch parts[1] {
            case "Key": keys[index] = value
            case "Value": tagValues[index] = value
            default: continue
            }
        }
        var tags: [InstanceTag] = []
        for index in Set(keys.keys).union(tagValues.keys).sorted() {
            guard let key = keys[index], !key.isEmpty else {
                if let value = tagValues[index], !value.isEmpty { throw .tagMismatch }
                continue
            }
            tags.append(InstanceTag(key: key, value: tagValues[index] ?? ""))
        }
        return tags
    }

    /// A JSON array of strings in one parameter (`InstanceIds=["i-a", "i-b"]`); malformed is `InvalidParameter`.
    func jsonStringArray(_ name: String) throws(ECSServiceError) -> [String]? {
        guard let text = values[name] else { return nil }
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(text)
        } catch {
            throw .invalidParameter(name)
        }
        guard let elements = parsed.arrayValue else { throw .invalidParameter(name) }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard let string = element.stringValue else { throw .invalidParameter(name) }
            strings.append(string)
        }
        return strings
    }

    /// The parameters that define a request for idempotency: all but the common and signature ones.
    var fingerprint: [String: String] {
        values.filter { !WireParameters.commonNames.contains($0.key) }
    }

    static let commonNames: Set<String> = [
        "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "OwnerId", "OwnerAccount",
        "ResourceOwnerId", "ResourceOwnerAccount", "ClientToken", "DryRun", "CallerParentId", "RequestId",
    ]
}

extension String {
    func trimmingSpaces() -> Substring {
        var slice = self[...]
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return slice
    }
}

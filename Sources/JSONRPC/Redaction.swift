import JSON

/// Keeps secret-like values (access key secrets, passwords, tokens) out of logs and error messages.
///
/// A key is secret-like when, case-insensitively, it contains "secret", "password", "passwd",
/// "passphrase", "privatekey", "authorization" or "token" — except the paging and idempotency keys
/// `clientToken`, `progressToken` and `nextToken`. Key-value pairs written as objects
/// (`[{"key": "password", "value": …}]`, `Key`/`Value`, or `name`/`value`) count too: the `value` of a pair whose
/// `key` or `name` is secret-like is masked like the value of a secret-like key.
public enum Redaction {
    /// What a secret value is replaced with.
    public static let mask = "***"

    static let secretFragments = ["secret", "password", "passwd", "passphrase", "privatekey", "authorization", "token"]
    static let harmlessTokenKeys: Set<String> = ["clienttoken", "progresstoken", "nexttoken"]
    /// The fields (lower-cased) that name a pair in the object form of key-value pairs, and the field that holds its value.
    static let pairNameFields: Set<String> = ["key", "name"]
    static let pairValueField = "value"

    /// Whether values under `key` must never be shown.
    public static func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        if harmlessTokenKeys.contains(lowered) { return false }
        return secretFragments.contains { lowered.contains($0) }
    }

    /// Whether `object` is a key-value pair (`{"key": …, "value": …}`, any case, or `name`/`value`) naming a
    /// secret-like key, so its value field must be hidden.
    static func namesSecretPair(_ object: JSONObject) -> Bool {
        object.contains { field, value in
            guard pairNameFields.contains(field.lowercased()), let name = value.stringValue else { return false }
            return isSecretKey(name)
        }
    }

    /// Whether `field` of `object` holds a secret: a secret-like key, or the value field of a pair naming one.
    static func isSecretField(_ field: String, inSecretPair: Bool) -> Bool {
        isSecretKey(field) || (inSecretPair && field.lowercased() == pairValueField)
    }

    /// A copy of `value` with every secret-like key's value replaced by `"***"`, at any depth.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): .object(redact(object))
        case .array(let elements): .array(elements.map(redact))
        default: value
        }
    }

    /// A copy of `object` with every secret-like key's value replaced by `"***"`, at any depth.
    public static func redact(_ object: JSONObject) -> JSONObject {
        var copy = JSONObject()
        let secretPair = namesSecretPair(object)
        for (key, value) in object {
            copy[key] = isSecretField(key, inSecretPair: secretPair) ? .string(mask) : redact(value)
        }
        return copy
    }

    /// The string values found under secret-like keys (at any depth), longest first, for scrubbing text.
    public static func secretValues(in value: JSONValue) -> [String] {
        var found: Set<String> = []
        collectSecrets(in: value, underSecretKey: false, into: &found)
        return found.filter { $0.count >= minimumScrubLength }.sorted { $0.count > $1.count }
    }

    /// Secrets shorter than this are not scrubbed from free text (they would mangle every message).
    public static let minimumScrubLength = 3

    static func collectSecrets(in value: JSONValue, underSecretKey: Bool, into found: inout Set<String>) {
        switch value {
        case .string(let text) where underSecretKey: found.insert(text)
        case .number(let number) where underSecretKey: found.insert(number.literal)
        case .object(let object):
            let secretPair = namesSecretPair(object)
            for (key, child) in object {
                collectSecrets(
                    in: child, underSecretKey: underSecretKey || isSecretField(key, inSecretPair: secretPair), into: &found)
            }
        case .array(let elements):
            for element in elements { collectSecrets(in: element, underSecretKey: underSecretKey, into: &found) }
        default: break
        }
    }

    /// `text` with every occurrence of each secret replaced by `"***"`.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: mask)
        }
        return result
    }

    /// `value` with secret-like keys masked and every secret occurring in its strings scrubbed.
    public static func scrub(_ value: JSONValue, secrets: [String]) -> JSONValue {
        switch redact(value) {
        case .string(let text): .string(scrub(text, secrets: secrets))
        case .array(let elements): .array(elements.map { scrub($0, secrets: secrets) })
        case .object(let object):
            .object(JSONObject(object.map { ($0.key, scrub($0.value, secrets: secrets)) }))
        case let other: other
        }
    }

    /// `error` with its message and data cleaned of the given secrets and of secret-like keys.
    public static func scrub(_ error: RPCError, secrets: [String]) -> RPCError {
        var clean = error
        clean.message = scrub(error.message, secrets: secrets)
        clean.data = error.data.map { scrub($0, secrets: secrets) }
        return clean
    }
}

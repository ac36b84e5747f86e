import CredentialStore
import ECSOperations
import JSON
import JSONRPC

/// Reads the seed's parameter names (and the extra ones users expect) out of JSON-RPC params for the ECS methods.
enum ECSParameterDecoding {
    /// Names every ECS method accepts: credentials, endpoint and region.
    static let commonNames: Set<String> = [
        "accessKeyId", "accessKeySecret", "securityToken", "profile", "endpoint", "regionId", "region_id",
    ]

    /// Credentials, endpoint and region (`region_id` is accepted as the seed's list example sends it).
    static func callOptions(_ parameters: Parameters) throws(RPCError) -> CallOptions {
        let credentials = CallCredentialsRequest(
            accessKeyId: try parameters.string("accessKeyId"), accessKeySecret: try parameters.string("accessKeySecret"),
            securityToken: try parameters.string("securityToken"), profile: try parameters.string("profile"))
        return CallOptions(
            credentials: credentials, endpoint: try parameters.string("endpoint"),
            regionId: try parameters.string("regionId", aliases: ["region_id"]))
    }

    /// `dry_run` (the seed's name) or `dryRun`; a boolean, or the strings "true"/"false".
    static func dryRun(_ parameters: Parameters) throws(RPCError) -> Bool {
        try flexibleBool(parameters, "dry_run", aliases: ["dryRun"]) ?? false
    }

    /// A boolean given as JSON `true`/`false` or as the string "true"/"false".
    static func flexibleBool(_ parameters: Parameters, _ name: String, aliases: [String] = []) throws(RPCError) -> Bool? {
        guard let (key, value) = parameters.entry(name, aliases: aliases) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        default: throw RPCError.invalidParams(parameter: key, problem: "must be a boolean")
        }
    }

    /// An integer given as a JSON number or as a string of digits (the seed sends `"systemDiskSize": "50"`).
    static func flexibleInt(_ parameters: Parameters, _ name: String) throws(RPCError) -> Int? {
        guard let value = parameters.value(name) else { return nil }
        switch value {
        case .number(let number):
            if let integer = number.intValue { return integer }
        case .string(let text):
            if let integer = Int(text.trimmingCharacters(in: .whitespaces)) { return integer }
        default: break
        }
        throw RPCError.invalidParams(parameter: name, problem: "must be an integer (a number or a string of digits)")
    }

    /// Instance ids: an array of strings (a single string is taken as one id).
    static func instanceIds(_ parameters: Parameters) throws(RPCError) -> [String]? {
        if case .string(let single)? = parameters.value("instanceIds") { return [single] }
        return try parameters.stringArray("instanceIds")
    }

    /// Tags: an object `{"key": "value"}` or an array of `{"key", "value"}` (`Key`/`Value` accepted).
    static func tags(_ parameters: Parameters) throws(RPCError) -> [ResourceTag] {
        guard let value = parameters.value("tags") else { return [] }
        let problem = "must be an object of key/value strings or an array of {\"key\", \"value\"} objects"
        switch value {
        case .object(let object):
            var tags: [ResourceTag] = []
            for (key, member) in object {
                guard case .string(let text) = member else { throw RPCError.invalidParams(parameter: "tags", problem: problem) }
                tags.append(ResourceTag(key: key, value: text))
            }
            return tags
        case .array(let elements):
            var tags: [ResourceTag] = []
            for element in elements {
                guard let key = (element["key"] ?? element["Key"])?.stringValue else {
                    throw RPCError.invalidParams(parameter: "tags", problem: problem)
                }
                let tagValue = element["value"] ?? element["Value"]
                guard tagValue == nil || tagValue?.stringValue != nil else {
                    throw RPCError.invalidParams(parameter: "tags", problem: problem)
                }
                tags.append(ResourceTag(key: key, value: tagValue?.stringValue ?? ""))
            }
            return tags
        default:
            throw RPCError.invalidParams(parameter: "tags", problem: problem)
        }
    }
}

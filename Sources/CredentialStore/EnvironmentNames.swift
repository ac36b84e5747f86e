/// The environment variables we read, main spelling first, and how to pick the first non-empty one.
public enum EnvironmentNames {
    public static let accessKeyId = spellings("ACCESS_KEY_ID")
    public static let accessKeySecret = spellings("ACCESS_KEY_SECRET")
    public static let securityToken = spellings("SECURITY_TOKEN")
    public static let regionId = spellings("REGION_ID")
    public static let profile = spellings("PROFILE")
    public static let endpoint = spellings("ENDPOINT")

    /// The first non-empty value among the spellings, with the spelling that held it.
    public static func firstEntry(_ names: [String], in environment: [String: String]) -> (name: String, value: String)? {
        for name in names {
            if let value = environment[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }

    /// The first non-empty value among the spellings.
    public static func first(_ names: [String], in environment: [String: String]) -> String? {
        firstEntry(names, in: environment)?.value
    }

    private static func spellings(_ suffix: String) -> [String] {
        ["ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_"].map { $0 + suffix }
    }
}

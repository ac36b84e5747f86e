/// Masks access key ids for display (`LTAI****3f2a`), so lists and logs can name a key without revealing it.
public enum AccessKeyMask {
    /// The first four and last four characters around `****`; ids shorter than 12 characters become `****`.
    public static func mask(_ accessKeyId: String) -> String {
        let characters = Array(accessKeyId)
        guard characters.count >= 12 else { return "****" }
        return String(characters.prefix(4)) + "****" + String(characters.suffix(4))
    }
}

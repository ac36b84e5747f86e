/// A resource tag (`Tag.N.Key` / `Tag.N.Value` on the wire).
public struct ResourceTag: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The wire form: `Tag.1.Key`, `Tag.1.Value`, …
    static func wireParameters(_ tags: [ResourceTag]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (index, tag) in tags.enumerated() {
            parameters["Tag.\(index + 1).Key"] = tag.key
            parameters["Tag.\(index + 1).Value"] = tag.value
        }
        return parameters
    }
}

/// One access key of a simulated account; the account is named after the key ID.
public struct AccessKeyPair: Sendable, Equatable {
    public var id: String
    public var secret: String

    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// The pair of Alibaba's own signature examples, used when no key is configured.
    public static let demo = AccessKeyPair(id: "testid", secret: "testsecret")

    /// Parses `ID:SECRET` (the secret may itself contain colons); nil when either side is empty.
    public static func parse(_ text: String) -> AccessKeyPair? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let id = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        guard !id.isEmpty, !secret.isEmpty, !id.contains(where: \.isWhitespace) else { return nil }
        return AccessKeyPair(id: id, secret: secret)
    }
}

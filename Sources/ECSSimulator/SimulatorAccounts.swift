/// The key pairs the simulator accepts; each key ID is its own account, owning its own instances.
public struct SimulatorAccounts: Sendable {
    private let secrets: [String: String]

    /// Uses `pairs`, or the demo pair `testid`/`testsecret` when `pairs` is empty.
    public init(_ pairs: [AccessKeyPair]) {
        let chosen = pairs.isEmpty ? [AccessKeyPair.demo] : pairs
        var secrets: [String: String] = [:]
        for pair in chosen { secrets[pair.id] = pair.secret }
        self.secrets = secrets
    }

    /// The secret of a known key ID.
    func secret(for accessKeyID: String) -> String? { secrets[accessKeyID] }

    /// The account that owns what this key creates.
    func account(for accessKeyID: String) -> String { accessKeyID }

    /// Known key IDs, sorted (never the secrets).
    public var keyIDs: [String] { secrets.keys.sorted() }
}

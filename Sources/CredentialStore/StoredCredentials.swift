/// A snapshot of the store: its profiles (sorted by name) and which one is the default.
public struct StoredCredentials: Sendable, Hashable {
    public private(set) var profiles: [CredentialProfile]
    public private(set) var defaultProfileName: String?

    public init(profiles: [CredentialProfile] = [], defaultProfileName: String? = nil) {
        self.profiles = profiles.sorted { $0.name < $1.name }
        self.defaultProfileName = defaultProfileName
    }

    /// The names of all profiles, sorted.
    public var profileNames: [String] { profiles.map(\.name) }

    public func profile(named name: String) -> CredentialProfile? { profiles.first { $0.name == name } }

    /// The default profile, if one is set.
    public var defaultProfile: CredentialProfile? { defaultProfileName.flatMap { profile(named: $0) } }

    /// Creates or replaces the profile with the same name.
    public mutating func set(_ profile: CredentialProfile) {
        profiles.removeAll { $0.name == profile.name }
        profiles.append(profile)
        profiles.sort { $0.name < $1.name }
    }

    /// Removes a profile (clearing the default if it was the default).
    public mutating func delete(named name: String) throws(CredentialStoreError) {
        guard profile(named: name) != nil else { throw .profileNotFound(name: name, available: profileNames) }
        profiles.removeAll { $0.name == name }
        if defaultProfileName == name { defaultProfileName = nil }
    }

    /// Makes an existing profile the default, or clears the default with nil.
    public mutating func setDefault(named name: String?) throws(CredentialStoreError) {
        if let name, profile(named: name) == nil { throw .profileNotFound(name: name, available: profileNames) }
        defaultProfileName = name
    }
}

import Foundation

/// The profile store: `credentials.json` (0600) in a private directory (0700), replaced atomically under an
/// advisory lock so concurrent writers (other servers, the terminal command) never lose each other's updates.
///
/// Methods block on file I/O and the lock: call them from a dedicated thread, or use `perform(_:)`.
public struct CredentialStore: Sendable {
    /// The directory holding `credentials.json` and its lock file.
    public let directory: String

    public init(directory: String) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    /// The store at its default place: `$ECSRPC_CONFIG_DIR`, else `${XDG_CONFIG_HOME:-$HOME/.config}/ecsrpc`.
    public init(environment: [String: String]) throws(CredentialStoreError) {
        guard let directory = Self.defaultDirectory(environment: environment) else { throw .noConfigurationDirectory }
        self.init(directory: directory)
    }

    /// Where the store lives for this environment, or nil without any usable variable.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        if let explicit = environment["ECSRPC_CONFIG_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/ecsrpc" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/ecsrpc" }
        return nil
    }

    /// The store file's path.
    public var filePath: String { directory + "/credentials.json" }
    var lockPath: String { directory + "/credentials.json.lock" }
    static let temporaryPrefix = ".credentials.json.tmp."

    /// Reads the store; an absent file is an empty store. Refuses insecure files, reports corrupt ones.
    public func load() throws(CredentialStoreError) -> StoredCredentials {
        guard let bytes = try SecureFileSystem.readPrivateFile(at: filePath) else { return StoredCredentials() }
        return try CredentialFileFormat.decode(bytes, path: filePath)
    }

    /// Reads, changes and writes the store under the lock; a corrupt or insecure file is never overwritten.
    @discardableResult
    public func update(_ change: (inout StoredCredentials) throws(CredentialStoreError) -> Void)
        throws(CredentialStoreError) -> StoredCredentials
    {
        try SecureFileSystem.ensurePrivateDirectory(directory)
        let lock = try FileLock(path: lockPath)
        var stored = try load()
        let before = stored
        try change(&stored)
        if stored != before {
            SecureFileSystem.removeStaleTemporaryFiles(in: directory, prefix: Self.temporaryPrefix)
            try SecureFileSystem.writeAtomically(
                CredentialFileFormat.encode(stored), to: filePath, directory: directory,
                temporaryPrefix: Self.temporaryPrefix)
        }
        _ = consume lock
        return stored
    }

    /// Creates or replaces a profile, optionally making it the default.
    @discardableResult
    public func set(_ profile: CredentialProfile, makeDefault: Bool = false) throws(CredentialStoreError)
        -> StoredCredentials
    {
        try update { (stored: inout StoredCredentials) throws(CredentialStoreError) in
            stored.set(profile)
            if makeDefault { try stored.setDefault(named: profile.name) }
        }
    }

    /// Deletes a profile; `.profileNotFound` if there is none of that name.
    @discardableResult
    public func delete(named name: String) throws(CredentialStoreError) -> StoredCredentials {
        try update { (stored: inout StoredCredentials) throws(CredentialStoreError) in try stored.delete(named: name) }
    }

    /// Makes a profile the default (nil clears it).
    @discardableResult
    public func setDefault(named name: String?) throws(CredentialStoreError) -> StoredCredentials {
        try update { (stored: inout StoredCredentials) throws(CredentialStoreError) in
            try stored.setDefault(named: name)
        }
    }

    /// Runs blocking store work on a dedicated thread, off the cooperative pool.
    public func perform<Value: Sendable>(
        _ work: @escaping @Sendable (CredentialStore) throws(CredentialStoreError) -> Value
    ) async throws(CredentialStoreError) -> Value {
        let store = self
        let result: Result<Value, CredentialStoreError> = await BlockingWork.run {
            do throws(CredentialStoreError) { return .success(try work(store)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

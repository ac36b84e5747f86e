#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything that can go wrong with the credential store; messages never carry a secret.
public enum CredentialStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store file can be read or written by others; it is refused until fixed.
    case insecureFilePermissions(path: String, mode: UInt32)
    /// The store directory can be written by others, who could replace the file.
    case insecureDirectory(path: String, mode: UInt32)
    /// The store file belongs to another user.
    case wrongOwner(path: String, ownerUID: UInt32)
    /// The store file is not a credentials file we can read; it is left untouched.
    case corruptFile(path: String, reason: String)
    /// A named profile does not exist.
    case profileNotFound(name: String, available: [String])
    /// A profile name is not acceptable.
    case invalidProfileName(reason: String)
    /// A profile field is not acceptable.
    case invalidField(field: String, reason: String)
    /// Neither `ECSRPC_CONFIG_DIR`, `XDG_CONFIG_HOME` nor `HOME` is set.
    case noConfigurationDirectory
    /// A system call failed.
    case systemCallFailed(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .insecureFilePermissions(let path, let mode):
            return "the credential file \(path) has mode \(Self.octal(mode)) and others can access it;"
                + " fix it with: chmod 600 \(path)"
        case .insecureDirectory(let path, let mode):
            return "the credential directory \(path) has mode \(Self.octal(mode)) and others can write to it;"
                + " fix it with: chmod 700 \(path)"
        case .wrongOwner(let path, let owner):
            return "the credential file \(path) belongs to uid \(owner), not to this user (uid \(geteuid()))"
        case .corruptFile(let path, let reason):
            return "the credential file \(path) is corrupt (\(reason)); it was left untouched:"
                + " repair it or move it aside"
        case .profileNotFound(let name, let available):
            let names = available.isEmpty ? "there are no profiles" : "profiles: " + available.joined(separator: ", ")
            return "no credential profile named '\(name)' (\(names))"
        case .invalidProfileName(let reason):
            return "invalid profile name: \(reason)"
        case .invalidField(let field, let reason):
            return "invalid \(field): \(reason)"
        case .noConfigurationDirectory:
            return "cannot place the credential store: set ECSRPC_CONFIG_DIR, XDG_CONFIG_HOME or HOME"
        case .systemCallFailed(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }

    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

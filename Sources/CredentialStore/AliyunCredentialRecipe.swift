/// How an aliyun CLI profile's credentials are obtained: given outright, or fetched (and then cached until they expire).
/// Hashable so a fetched result can be cached under the exact recipe that produced it.
public enum AliyunCredentialRecipe: Sendable, Hashable {
    /// AK and StsToken: the keys in the file.
    case fixed(AccessCredentials)
    /// RamRoleArn / ChainableRamRoleArn: STS AssumeRole signed by `signer`.
    case assumeRole(RoleAssumptionSettings, signer: RoleSigner)
    /// External: a command whose standard output is the credentials as JSON.
    case external(command: String)
    /// CredentialsURI: a URL answering the credentials as JSON.
    case credentialsURI(String)

    /// Whose keys sign an AssumeRole call.
    public enum RoleSigner: Sendable, Hashable {
        /// RamRoleArn: the profile's own keys (and token, when it has one).
        case keys(AccessCredentials)
        /// ChainableRamRoleArn: the credentials of another profile, resolved through the same modes.
        case sourceProfile(String)
    }
}

import CredentialStore

/// What one call says about its credentials: the credential store's own request type, so the two
/// layers cannot drift apart.
public typealias CallCredentialsRequest = CredentialRequest

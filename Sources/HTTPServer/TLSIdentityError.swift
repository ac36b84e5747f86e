/// Why a certificate and key could not be loaded for serving HTTPS.
public enum TLSIdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The certificate file is missing or unreadable (`reason` is the system's).
    case unreadableCertificate(path: String, reason: String)
    /// The key file is missing or unreadable.
    case unreadableKey(path: String, reason: String)
    /// The certificate file holds no usable PEM certificate (chain).
    case invalidCertificate(path: String, reason: String)
    /// The key file holds no usable PEM private key (or an encrypted one: there is no passphrase prompt).
    case invalidKey(path: String, reason: String)
    /// The key is not the certificate's.
    case mismatchedKey(certificate: String, key: String)
    /// OpenSSL could not make a server context.
    case contextFailed(reason: String)

    public var description: String {
        switch self {
        case .unreadableCertificate(let path, let reason): "cannot read the TLS certificate \(path): \(reason)"
        case .unreadableKey(let path, let reason): "cannot read the TLS key \(path): \(reason)"
        case .invalidCertificate(let path, let reason): "no usable PEM certificate in \(path): \(reason)"
        case .invalidKey(let path, let reason): "no usable unencrypted PEM private key in \(path): \(reason)"
        case .mismatchedKey(let certificate, let key): "the TLS key \(key) does not belong to the certificate \(certificate)"
        case .contextFailed(let reason): "cannot create a TLS server context: \(reason)"
        }
    }
}

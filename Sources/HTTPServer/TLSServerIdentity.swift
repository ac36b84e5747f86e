import CTLS
import Glibc

/// A server certificate (chain) and its private key, loaded and checked once, for serving HTTPS: TLS 1.2 or newer,
/// no renegotiation, no compression. Give it to ``HTTPServerConfiguration/tls`` to wrap every connection in TLS.
///
/// The OpenSSL context inside is configured in `load` and only read afterwards, which OpenSSL allows from any thread.
public final class TLSServerIdentity: @unchecked Sendable {
    let context: OpaquePointer
    /// The certificate file it was loaded from.
    public let certificateFile: String
    /// The key file it was loaded from.
    public let keyFile: String

    private init(context: OpaquePointer, certificateFile: String, keyFile: String) {
        self.context = context
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }

    deinit { SSL_CTX_free(context) }

    // OpenSSL spells these as macros Swift does not import (`SSL_OP_BIT(n)` and `SSL_CTX_set_*` wrappers of `ctrl`).
    private static let noCompression = UInt64(1) << 17
    private static let noRenegotiation = UInt64(1) << 30
    private static let cipherServerPreference = UInt64(1) << 22
    /// A client that closes without close_notify ends the stream (HTTP framing tells whether a request was cut short).
    private static let ignoreUnexpectedEOF = UInt64(1) << 7

    /// Loads a PEM certificate chain and its unencrypted PEM private key, and checks that they belong together.
    public static func load(certificateFile: String, keyFile: String) throws(TLSIdentityError) -> TLSServerIdentity {
        if let reason = unreadableReason(certificateFile) { throw .unreadableCertificate(path: certificateFile, reason: reason) }
        if let reason = unreadableReason(keyFile) { throw .unreadableKey(path: keyFile, reason: reason) }
        ERR_clear_error()
        guard let method = TLS_server_method(), let context = SSL_CTX_new(method) else {
            throw .contextFailed(reason: TLSServerErrors.drain())
        }
        let identity = TLSServerIdentity(context: context, certificateFile: certificateFile, keyFile: keyFile)
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw .contextFailed(reason: TLSServerErrors.drain())
        }
        _ = SSL_CTX_set_options(context, noCompression | noRenegotiation | cipherServerPreference | ignoreUnexpectedEOF)
        _ = SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(SSL_MODE_AUTO_RETRY), nil)
        guard SSL_CTX_use_certificate_chain_file(context, certificateFile) == 1 else {
            throw .invalidCertificate(path: certificateFile, reason: TLSServerErrors.drain())
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1 else {
            let reason = TLSServerErrors.drain()
            if reason.contains("values mismatch") { throw .mismatchedKey(certificate: certificateFile, key: keyFile) }
            throw .invalidKey(path: keyFile, reason: reason)
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            _ = TLSServerErrors.drain()
            throw .mismatchedKey(certificate: certificateFile, key: keyFile)
        }
        return identity
    }

    /// Why `path` cannot be read as a regular file, or nil when it can.
    private static func unreadableReason(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return String(cString: strerror(errno)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return "not a regular file" }
        guard access(path, R_OK) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }
}

/// Reads OpenSSL's per-thread error queue into one line (the server's own copy: it shares no code with the client).
enum TLSServerErrors {
    /// The queued reasons, oldest first, joined with "; " (the queue emptied); "unknown error" when there are none.
    static func drain() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            let text = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            if !reasons.contains(text) { reasons.append(text) }
        }
        return reasons.isEmpty ? "unknown error" : reasons.joined(separator: "; ")
    }
}

import CTLS
import Synchronization

/// The OpenSSL client context every HTTPS connection of one transport shares: TLS 1.2 or newer, the system's trusted
/// certificates (OpenSSL's defaults, which honour `SSL_CERT_FILE` and `SSL_CERT_DIR`), plus an optional extra file.
///
/// An `SSL_CTX` is safe to share between threads once configured, and this one is never changed after `make`.
final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    /// The sessions its connections resume.
    let sessions = TLSSessionCache()

    private init(context: OpaquePointer) { self.context = context }

    deinit { SSL_CTX_free(context) }

    /// - Parameter trustedCertificatesFile: PEM certificates trusted besides the system's (`--ca-file`).
    static func make(trustedCertificatesFile: String?) -> Result<TLSContext, HTTPConnection.Failure> {
        guard let method = TLS_client_method(), let context = SSL_CTX_new(method) else {
            return .failure(.tls("cannot create a TLS context: \(TLSErrors.drain())"))
        }
        let made = TLSContext(context: context)
        ecsrpc_tls_configure_client(context)
        ecsrpc_tls_enable_client_sessions(context, TLSStream.rememberNewSession)
        ERR_clear_error()
        guard SSL_CTX_set_default_verify_paths(context) == 1 else {
            return .failure(.tls("cannot load the system's trusted certificates: \(TLSErrors.drain())"))
        }
        if let file = trustedCertificatesFile {
            guard SSL_CTX_load_verify_locations(context, file, nil) == 1 else {
                return .failure(.tls("cannot load trusted certificates from \(file): \(TLSErrors.drain())"))
            }
        }
        return .success(made)
    }
}

/// Reads OpenSSL's per-thread error queue into one line.
enum TLSErrors {
    /// The queued errors, oldest first, joined with "; " (and the queue emptied); "unknown error" when there are none.
    static func drain() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let reason = ERR_reason_error_string(code) {
                let text = String(cString: reason)
                if !reasons.contains(text) { reasons.append(text) }
            } else {
                reasons.append("error \(code)")
            }
        }
        return reasons.isEmpty ? "unknown error" : reasons.joined(separator: "; ")
    }
}

/// The context of one transport, made by its first HTTPS connection rather than at start-up (reading the system's
/// trusted certificates costs milliseconds that loopback-only use never needs).
final class LazyTLSContext: Sendable {
    private let trustedCertificatesFile: String?
    private let made = Mutex<Result<TLSContext, HTTPConnection.Failure>?>(nil)

    init(trustedCertificatesFile: String?) { self.trustedCertificatesFile = trustedCertificatesFile }

    /// The context, made now if this is the first call; a failure to make it is kept and returned to every call.
    var context: Result<TLSContext, HTTPConnection.Failure> {
        made.withLock { made in
            if let made { return made }
            let result = TLSContext.make(trustedCertificatesFile: trustedCertificatesFile)
            made = result
            return result
        }
    }

    var isMade: Bool { made.withLock { $0 != nil } }
}

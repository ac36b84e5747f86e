import CTLS

#if canImport(Glibc)
    import Glibc
#endif

/// A TLS connection over a connected non-blocking socket: SNI and host-name (or IP address) verification against
/// the certificate, then reads and writes that wait on the socket as OpenSSL asks.
final class TLSStream: ByteStream {
    let descriptor: Int32
    private let connection: OpaquePointer
    private let sessions: TLSSessionCache
    /// `host:port`: which endpoint the sessions of this connection resume.
    private let sessionKey: String

    private init(descriptor: Int32, connection: OpaquePointer, sessions: TLSSessionCache, sessionKey: String) {
        self.descriptor = descriptor
        self.connection = connection
        self.sessions = sessions
        self.sessionKey = sessionKey
    }

    /// OpenSSL's new-session callback: hands the session to the cache of the stream it belongs to (found through the
    /// connection's app data, set for the stream's lifetime).
    static let rememberNewSession: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32 = { connection, session in
        guard let connection, let session, let data = ecsrpc_tls_connection_data(connection) else { return 0 }
        let stream = Unmanaged<TLSStream>.fromOpaque(data).takeUnretainedValue()
        stream.sessions.remember(session, key: stream.sessionKey)
        return 1
    }

    deinit { SSL_free(connection) }

    /// Runs the handshake for `host` on `descriptor` (owned by the stream on success, left open on failure), resuming
    /// the last session of `host:port` when there is one.
    static func handshake(
        descriptor: Int32, host: String, port: Int, context: TLSContext, deadline: ContinuousClock.Instant
    ) -> Result<TLSStream, HTTPConnection.Failure> {
        guard let connection = SSL_new(context.context) else { return .failure(.tls("cannot create a TLS connection: \(TLSErrors.drain())")) }
        let stream = TLSStream(
            descriptor: descriptor, connection: connection, sessions: context.sessions, sessionKey: "\(host):\(port)")
        guard SSL_set_fd(connection, descriptor) == 1 else { return .failure(.tls("cannot attach the socket: \(TLSErrors.drain())")) }
        ecsrpc_tls_set_connection_data(connection, Unmanaged.passUnretained(stream).toOpaque())
        context.sessions.offer(to: connection, key: stream.sessionKey)
        if isAddressLiteral(host) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(connection), host) == 1 else {
                return .failure(.tls("cannot verify against address \(host)"))
            }
        } else {
            // SNI, and the name the certificate must carry.
            guard ecsrpc_tls_set_server_name(connection, host) == 1, SSL_set1_host(connection, host) == 1 else {
                return .failure(.tls("cannot use host name \(host): \(TLSErrors.drain())"))
            }
            SSL_set_hostflags(connection, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        }
        while true {
            ERR_clear_error()
            let result = SSL_connect(connection)
            if result == 1 { return .success(stream) }
            let code = SSL_get_error(connection, result)
            switch code {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                let events = code == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT
                if case .failure(let failure) = waitForSocket(descriptor, events: Int32(events), deadline: deadline) {
                    return .failure(failure)
                }
            default:
                let verification = SSL_get_verify_result(connection)
                if verification != X509_V_OK, let reason = X509_verify_cert_error_string(verification) {
                    _ = TLSErrors.drain()
                    return .failure(.tls("certificate of \(host) not accepted: \(String(cString: reason))"))
                }
                if code == SSL_ERROR_SYSCALL || code == SSL_ERROR_ZERO_RETURN, ERR_peek_error() == 0 {
                    return .failure(.tls("the connection closed during the TLS handshake with \(host)"))
                }
                return .failure(.tls("handshake with \(host) failed: \(TLSErrors.drain())"))
            }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant) -> Result<Void, HTTPConnection.Failure> {
        guard let base = bytes.baseAddress else { return .success(()) }
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let chunk = Int32(min(bytes.count - offset, Int(Int32.max)))
            let written = SSL_write(connection, base + offset, chunk)
            if written > 0 {
                offset += Int(written)
                continue
            }
            switch wait(after: written, deadline: deadline) {
            case .success: continue
            case .failure(.lost): return .failure(.closedBeforeAnswer)
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(())
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: ContinuousClock.Instant) -> Result<Int, HTTPConnection.Failure> {
        guard let base = buffer.baseAddress else { return .success(0) }
        while true {
            ERR_clear_error()
            errno = 0
            let count = SSL_read(connection, base, Int32(min(buffer.count, Int(Int32.max))))
            let code = errno
            if count > 0 { return .success(Int(count)) }
            // A close with or without close_notify is the end (SSL_OP_IGNORE_UNEXPECTED_EOF); a reset (errno set) is a
            // lost connection, so a close-delimited answer cut by one is never taken as whole.
            switch SSL_get_error(connection, count) {
            case SSL_ERROR_ZERO_RETURN: return .success(0)
            case SSL_ERROR_SYSCALL where ERR_peek_error() == 0 && code == 0: return .success(0)
            default: break
            }
            if case .failure(let failure) = wait(after: count, deadline: deadline) { return .failure(failure) }
        }
    }

    /// After a read or write returned `result`: waits for the socket when OpenSSL asks to, else the failure.
    private func wait(after result: Int32, deadline: ContinuousClock.Instant) -> Result<Void, HTTPConnection.Failure> {
        switch SSL_get_error(connection, result) {
        case SSL_ERROR_WANT_READ: waitForSocket(descriptor, events: Int32(POLLIN), deadline: deadline)
        case SSL_ERROR_WANT_WRITE: waitForSocket(descriptor, events: Int32(POLLOUT), deadline: deadline)
        case SSL_ERROR_SYSCALL where ERR_peek_error() == 0: .failure(.lost)
        case SSL_ERROR_ZERO_RETURN: .failure(.lost)
        default: .failure(.tls(TLSErrors.drain()))
        }
    }

    func close() {
        ERR_clear_error()
        // One non-blocking attempt at close_notify; the socket closes either way.
        _ = SSL_shutdown(connection)
        ERR_clear_error()
        _ = Glibc.close(descriptor)
    }

    /// True for an IPv4 or IPv6 address written out (certificates name those in IP address entries, and SNI omits them).
    static func isAddressLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

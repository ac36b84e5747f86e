import CTLS
import Glibc

/// A connection served as HTTPS: OpenSSL's server side over the blocking socket (its receive and send timeouts
/// bound the handshake as they bound requests). Lives and dies on the connection's own thread.
final class TLSChannel: ConnectionChannel {
    /// How a handshake ended without a TLS session.
    enum HandshakeFailure: Error, Equatable {
        /// The client spoke plain HTTP to the HTTPS port.
        case plainHTTP
        /// The client went away, or stayed silent past the timeout, before finishing the handshake.
        case abandoned
        /// OpenSSL refused the handshake (no shared version or cipher, a bad record...).
        case refused(String)
    }

    private let descriptor: Int32
    private let connection: OpaquePointer
    /// False once a read or write failed: OpenSSL must then not be asked for a close_notify.
    private var healthy = true

    private init(descriptor: Int32, connection: OpaquePointer) {
        self.descriptor = descriptor
        self.connection = connection
    }

    deinit { SSL_free(connection) }

    /// Runs the server handshake on `descriptor` (which stays the caller's to close, either way).
    static func accept(descriptor: Int32, identity: TLSServerIdentity) -> Result<TLSChannel, HandshakeFailure> {
        BrokenPipeSignal.blockOnThisThread()
        ERR_clear_error()
        guard let connection = SSL_new(identity.context) else { return .failure(.refused(TLSServerErrors.drain())) }
        let channel = TLSChannel(descriptor: descriptor, connection: connection)
        guard SSL_set_fd(connection, descriptor) == 1 else { return .failure(.refused(TLSServerErrors.drain())) }
        while true {
            ERR_clear_error()
            let result = SSL_accept(connection)
            if result == 1 { return .success(channel) }
            let systemError = errno
            let code = SSL_get_error(connection, result)
            if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE, systemError == EINTR { continue }
            channel.healthy = false
            let first = ERR_peek_error()
            if first != 0, ERR_GET_REASON(first) == SSL_R_HTTP_REQUEST {
                ERR_clear_error()
                return .failure(.plainHTTP)
            }
            if first == 0 || code != SSL_ERROR_SSL {
                ERR_clear_error()
                return .failure(.abandoned)
            }
            return .failure(.refused(TLSServerErrors.drain()))
        }
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, healthy else { return -1 }
        while true {
            ERR_clear_error()
            let count = SSL_read(connection, base, Int32(clamping: buffer.count))
            if count > 0 { return Int(count) }
            let systemError = errno
            let code = SSL_get_error(connection, count)
            if code == SSL_ERROR_ZERO_RETURN { return 0 }  // close_notify, or a bare close (IGNORE_UNEXPECTED_EOF)
            if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE, systemError == EINTR { continue }
            // A timeout (the socket's SO_RCVTIMEO), a reset, or a bad record.
            healthy = false
            ERR_clear_error()
            return -1
        }
    }

    @discardableResult
    func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write($0) }
    }

    func sendResponse(head: [UInt8], body: [UInt8]) -> Bool {
        // One TLS record for a small answer (the common case); a large body goes without being copied.
        if body.count <= 16 * 1024 { return sendAll(head + body) }
        return sendAll(head) && sendAll(body)
    }

    func finishAfterErrorAnswer() {
        sendCloseNotify()
        SocketIO.lingeringClose(descriptor)
    }

    /// Sends close_notify once, if the session is still sound (the socket is closed by the caller).
    func sendCloseNotify() {
        guard healthy else { return }
        healthy = false
        ERR_clear_error()
        _ = SSL_shutdown(connection)
        ERR_clear_error()
    }

    private func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        guard healthy else { return false }
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let written = SSL_write(connection, base + offset, Int32(clamping: bytes.count - offset))
            if written > 0 {
                offset += Int(written)
                continue
            }
            let systemError = errno
            let code = SSL_get_error(connection, written)
            if code == SSL_ERROR_WANT_WRITE || code == SSL_ERROR_WANT_READ, systemError == EINTR { continue }
            healthy = false
            ERR_clear_error()
            return false
        }
        return true
    }
}

/// SIGPIPE for a write to a closed socket: OpenSSL writes with plain `write`, which raises it (the plain path uses
/// `MSG_NOSIGNAL` instead). Blocking it on a TLS connection's own thread turns it into an `EPIPE` error there
/// without changing the process's signal handling.
enum BrokenPipeSignal {
    static func blockOnThisThread() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }
}

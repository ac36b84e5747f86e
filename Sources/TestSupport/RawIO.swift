#if canImport(Glibc)
    import Glibc
#endif

/// Blocking whole writes for test clients.
public enum RawIO {
    /// Writes every byte (retrying partial writes); throws when the descriptor fails (e.g. EPIPE).
    public static func writeAll(fd: Int32, _ bytes: [UInt8]) throws {
        ignoreSigpipe()
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw TestSupportError.system(call: "write", errno: errno)
                }
                offset += written
            }
        }
    }

    /// Ignores SIGPIPE in the test process, so writing to a dead peer is an error, not death.
    public static func ignoreSigpipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}

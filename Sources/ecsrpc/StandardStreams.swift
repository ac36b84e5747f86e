#if canImport(Glibc)
    import Glibc
#endif

/// Writes whole texts to stdout or stderr without buffering (stdout is protocol-only while serving).
enum StandardStreams {
    static func printOut(_ text: String) { writeAll(fd: 1, text) }
    static func printError(_ text: String) { writeAll(fd: 2, text) }

    private static func writeAll(fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

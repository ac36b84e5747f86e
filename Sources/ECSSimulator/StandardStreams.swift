import Glibc
import Synchronization

/// Whole-line writes to stdout (protocol: the listening line, help) and stderr (logs).
enum StandardOutput {
    static func write(_ line: String) { LineWriter.stdout.write(line) }
}

enum StandardError {
    static func write(_ line: String) { LineWriter.stderr.write(line) }
}

/// Writes a line plus newline under a lock, looping on partial writes, so lines never interleave.
final class LineWriter: Sendable {
    static let stdout = LineWriter(fd: 1)
    static let stderr = LineWriter(fd: 2)
    private let fd: Int32
    private let lock = Mutex(())

    init(fd: Int32) { self.fd = fd }

    func write(_ line: String) {
        let bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return Glibc.write(fd, base + offset, raw.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

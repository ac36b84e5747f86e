import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a descriptor to its end on a dedicated thread, into a ``LineInbox`` (and optionally a byte log).
public enum StreamReader {
    /// Starts reading `fd`; at EOF the inbox is finished, then `onEnd` runs (e.g. to close the descriptor).
    public static func start(fd: Int32, into inbox: LineInbox, name: String, onEnd: @escaping @Sendable () -> Void) {
        let thread = Thread {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
            defer { buffer.deallocate() }
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                inbox.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
            inbox.finish()
            onEnd()
        }
        thread.name = name
        thread.start()
    }
}

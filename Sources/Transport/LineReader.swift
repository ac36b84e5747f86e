import Foundation
import JSONRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads lines from a file descriptor on its own thread and hands each frame to a connection.
///
/// The connection blocks this thread while its in-flight limit is reached: that is the backpressure.
public enum LineReader {
    /// Starts the reader thread; `onEnd` runs on it after EOF or a read error, once the connection was told.
    public static func start(
        fd: Int32, maxLineBytes: Int, connection: RPCConnection, name: String, chunkSize: Int = 64 * 1024,
        onEnd: @escaping @Sendable () -> Void = {}
    ) {
        let thread = Thread {
            read(fd: fd, maxLineBytes: maxLineBytes, chunkSize: chunkSize) { frame in
                connection.receive(frame)
                return connection.isAccepting
            }
            connection.finishInput()
            onEnd()
        }
        thread.name = name
        thread.start()
    }

    /// The blocking read loop: feeds frames to `deliver` until EOF, an error, or `deliver` returns `false`.
    public static func read(fd: Int32, maxLineBytes: Int, chunkSize: Int, deliver: (Frame) -> Bool) {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkSize), alignment: 1)
        defer { buffer.deallocate() }
        var keepGoing = true
        while keepGoing {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            framer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) { frame in
                if keepGoing { keepGoing = deliver(frame) }
            }
        }
    }
}

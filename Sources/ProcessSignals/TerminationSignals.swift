import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM, delivered to a handler on a thread of its own. The C handler is installed before
/// `watch` returns, so a signal that arrives during start-up is never lost: a `DispatchSource` registers
/// asynchronously, and until then the `SIG_IGN` it needs silently drops the signal.
public enum TerminationSignals {
    /// The write end of the self-pipe the C handler writes the signal number to (-1 until watching).
    private static let pipeWriteEnd = Atomic<Int32>(-1)

    /// Starts watching; `handler` runs on the watcher thread with "SIGINT" or "SIGTERM", once per signal.
    /// Call once per process, before serving.
    public static func watch(_ handler: @escaping @Sendable (String) -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let readEnd = ends[0]
        pipeWriteEnd.store(ends[1], ordering: .sequentiallyConsistent)
        let thread = Thread {
            var number: UInt8 = 0
            while true {
                let count = read(readEnd, &number, 1)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return }
                handler(Int32(number) == SIGINT ? "SIGINT" : "SIGTERM")
            }
        }
        thread.name = "signal-watcher"
        thread.start()
        for number in [SIGINT, SIGTERM] {
            // Only async-signal-safe work here: one write(2) of one byte.
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(TerminationSignals.pipeWriteEnd.load(ordering: .relaxed), &byte, 1)
            }
        }
    }
}

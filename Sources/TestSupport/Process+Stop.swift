import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Process {
    /// Sends SIGTERM, waits up to `gracePeriod` seconds for the process to exit, then SIGKILLs it,
    /// so a test's clean-up can never hang on a server that does not stop.
    public func stop(gracePeriod: TimeInterval = 20) {
        if isRunning { terminate() }
        let deadline = Date().addingTimeInterval(gracePeriod)
        while isRunning && Date() < deadline { usleep(10_000) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs an External profile's `process_command` with `/bin/sh -c` in its own process group, stdin and stderr on
/// /dev/null (stderr may carry secrets, so it is never read), and returns its standard output. Blocking: call it on a
/// dedicated thread. A command still running at the deadline is killed with its whole group.
enum ExternalCredentialProcess {
    /// Standard output beyond this is refused (credentials are a few hundred bytes).
    static let outputLimit = 1 << 20

    enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case cannotStart(Int32)
        case timedOut(Duration)
        case exited(Int32)
        case killed(Int32)
        case outputTooLarge

        var description: String {
            switch self {
            case .cannotStart(let code): "could not be started (\(String(cString: strerror(code))))"
            case .timedOut(let limit): "did not finish within \(limit)"
            case .exited(let status): "exited with status \(status)"
            case .killed(let signal): "was killed by signal \(signal)"
            case .outputTooLarge: "wrote more than \(ExternalCredentialProcess.outputLimit) bytes"
            }
        }
    }

    static func run(command: String, environment: [String: String], timeout: Duration) -> Result<[UInt8], Failure> {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(.cannotStart(errno)) }
        let readEnd = pipeEnds[0]
        let writeEnd = pipeEnds[1]
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        posix_spawn_file_actions_addclose(&actions, readEnd)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)

        let arguments = ["/bin/sh", "-c", command]
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environmentLines.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, &envp)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            return .failure(.cannotStart(spawned))
        }

        let deadline = ContinuousClock.now + timeout
        var output: [UInt8] = []
        var failure: Failure?
        var buffer = [UInt8](repeating: 0, count: 4096)
        reading: while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero {
                failure = .timedOut(timeout)
                break
            }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                failure = .cannotStart(errno)
                break
            }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            switch count {
            case 0: break reading
            case ..<0:
                if errno == EINTR || errno == EAGAIN { continue }
                failure = .cannotStart(errno)
                break reading
            default:
                output.append(contentsOf: buffer[0..<count])
                if output.count > outputLimit {
                    failure = .outputTooLarge
                    break reading
                }
            }
        }
        close(readEnd)
        if failure != nil { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Whatever the shell left behind in its group goes too.
        kill(-pid, SIGKILL)
        if let failure { return .failure(failure) }
        let signal = status & 0x7f
        if signal != 0 { return .failure(.killed(signal)) }
        let exitStatus = (status >> 8) & 0xff
        guard exitStatus == 0 else { return .failure(.exited(exitStatus)) }
        return .success(output)
    }
}

import Foundation
import JSON
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A spawned `ecsrpc` (or any) process with piped stdin, stdout and stderr.
public final class ServerProcess: LineClient {
    public let pid: pid_t
    /// Lines from stdout.
    public let inbox: LineInbox
    /// Lines from stderr (logs).
    public let errors: LineInbox
    private let stdinFD: Mutex<Int32?>
    private let exitRecord = ExitRecord()

    /// Spawning is serialized so no child inherits another's pipe ends.
    private static let spawnLock = Mutex(())

    /// Starts the built `ecsrpc` with `arguments` (e.g. `["serve"]`); `testMethods` sets ECSRPC_TEST_METHODS=1.
    public static func launch(
        _ arguments: [String], environment: [String: String] = [:], testMethods: Bool = true
    ) throws -> ServerProcess {
        var environment = environment
        if testMethods { environment["ECSRPC_TEST_METHODS"] = "1" }
        return try ServerProcess(executable: try ECSRPCBinary.path(), arguments: arguments, environment: environment)
    }

    /// Starts `executable`; `environment` is added to this process's environment.
    public init(executable: String, arguments: [String], environment: [String: String] = [:]) throws {
        RawIO.ignoreSigpipe()
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let (pid, stdinWrite, stdoutRead, stderrRead) = try Self.spawnLock.withLock { _ in
            try Self.spawn(executable: executable, arguments: arguments, environment: merged)
        }
        self.pid = pid
        self.stdinFD = Mutex(stdinWrite)
        self.inbox = LineInbox()
        self.errors = LineInbox()
        StreamReader.start(fd: stdoutRead, into: inbox, name: "test-stdout-\(pid)") { close(stdoutRead) }
        StreamReader.start(fd: stderrRead, into: errors, name: "test-stderr-\(pid)") { close(stderrRead) }
        let thread = Thread { [exitRecord] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            exitRecord.status.withLock { $0 = code }
        }
        thread.name = "test-wait-\(pid)"
        thread.start()
    }

    deinit {
        if exitStatus == nil { kill(pid, SIGKILL) }
        closeInput()
    }

    public func writeBytes(_ bytes: [UInt8]) throws {
        guard let fd = stdinFD.withLock({ $0 }) else { throw TestSupportError.unexpected("stdin already closed") }
        try RawIO.writeAll(fd: fd, bytes)
    }

    /// Closes the process's stdin (EOF).
    public func closeInput() {
        stdinFD.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    /// Sends a signal (SIGTERM, SIGINT, SIGKILL…).
    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// The exit status once exited (128 + signal number when killed).
    public var exitStatus: Int32? { exitRecord.status.withLock { $0 } }

    /// Waits for the process to exit and its stderr to end (so ``stderrLines()`` then has every line).
    public func waitForExit(timeout: Duration = defaultAnswerTimeout) async throws -> Int32 {
        try await waitUntil(timeout: timeout, every: .milliseconds(5), "process \(pid) to exit") {
            exitStatus != nil && errors.hasEnded
        }
        return exitStatus ?? -1
    }

    /// Waits for stdout to end (the process has exited or closed it), then takes every line not read yet.
    public func remainingLines(timeout: Duration = defaultAnswerTimeout) async throws -> [String] {
        try await waitUntil(timeout: timeout, every: .milliseconds(5), "process \(pid)'s stdout to end") { inbox.hasEnded }
        var lines: [String] = []
        while let line = inbox.poll() { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    /// Everything written to stderr so far (after exit: all of it), as lines.
    public func stderrLines() -> [String] {
        var lines: [String] = []
        while let line = errors.poll() { lines.append(String(decoding: line, as: UTF8.self)) }
        stderrHistory.withLock { $0.append(contentsOf: lines) }
        return stderrHistory.withLock { $0 }
    }
    private let stderrHistory = Mutex<[String]>([])

    private static func spawn(executable: String, arguments: [String], environment: [String: String]) throws -> (
        pid_t, Int32, Int32, Int32
    ) {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            throw TestSupportError.system(call: "pipe", errno: errno)
        }
        for fd in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        // Tests run in parallel: without this a child inherits every descriptor another test has open
        // (pipe ends, sockets, Foundation's child-watch sockets), and that test then never sees its EOF.
        if !ChildDescriptors.closeAllAbove2(&actions) { ChildDescriptors.markAllCloseOnExec() }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        var result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        var attempts = 0
        // ETXTBSY: a child spawned elsewhere in this process briefly holds a freshly written binary open.
        while result == ETXTBSY && attempts < 100 {
            attempts += 1
            usleep(20_000)
            result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard result == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            throw TestSupportError.system(call: "posix_spawn", errno: result)
        }
        return (pid, stdinPipe[1], stdoutPipe[0], stderrPipe[0])
    }
}

/// Keeps a spawned child from inheriting anything but its standard descriptors.
enum ChildDescriptors {
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Adds glibc's `posix_spawn_file_actions_addclosefrom_np(3)` (2.34+; hidden from Swift's Glibc module).
    static func closeAllAbove2(_ actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return false }
        let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
        return addCloseFrom(&actions, 3) == 0
    }

    /// Fallback for an older libc: marks every open descriptor above 2 close-on-exec.
    static func markAllCloseOnExec() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in names.compactMap({ Int32($0) }) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}

/// The exit status of a child, set by its waiter thread.
final class ExitRecord: Sendable {
    let status = Mutex<Int32?>(nil)
}

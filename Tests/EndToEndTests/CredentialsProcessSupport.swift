import Foundation
import JSON
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where the built `ecsrpc` is: `$ECSRPC_BINARY`, else beside the test bundle in the build directory.
enum CredentialsBinary {
    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["ECSRPC_BINARY"], !explicit.isEmpty { return explicit }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        // The runner is .build/<config>/ecsrpcPackageTests.xctest (a file on Linux, a bundle elsewhere).
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("ecsrpc").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "ecsrpc"
    }
}

/// Lines arriving from a child's pipe, collected by a dedicated reader thread; `next()` waits for one.
final class CredentialsLineQueue: Sendable {
    private struct State {
        var lines: [String] = []
        var closed = false
        var waiters: [CheckedContinuation<String?, Never>] = []
    }
    private let state = Mutex(State())

    func push(_ line: String) {
        let waiter: CheckedContinuation<String?, Never>? = state.withLock { state in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.lines.append(line)
            return nil
        }
        waiter?.resume(returning: line)
    }

    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// The next line, or nil once the pipe closed (the child's watchdog guarantees it closes).
    func next() async -> String? {
        await withCheckedContinuation { continuation in
            let ready: String?? = state.withLock { state in
                if !state.lines.isEmpty { return .some(state.lines.removeFirst()) }
                if state.closed { return .some(nil) }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Everything not yet taken, joined.
    func drained() -> String { state.withLock { $0.lines.joined(separator: "\n") } }

    /// Starts a thread reading `descriptor` to EOF, pushing each line (and a last partial one).
    static func reading(_ descriptor: Int32, name: String) -> CredentialsLineQueue {
        let queue = CredentialsLineQueue()
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                for byte in buffer[0..<count] {
                    if byte == 0x0A {
                        queue.push(String(decoding: pending, as: UTF8.self))
                        pending.removeAll(keepingCapacity: true)
                    } else {
                        pending.append(byte)
                    }
                }
            }
            if !pending.isEmpty { queue.push(String(decoding: pending, as: UTF8.self)) }
            Glibc.close(descriptor)
            queue.close()
        }
        thread.name = name
        thread.start()
        return queue
    }
}

/// A running `ecsrpc` child with pipes on all three standard streams and a watchdog that kills it
/// after `deadline` seconds so no test can hang on it.
final class CredentialsChild: Sendable {
    let pid: pid_t
    private let input: Int32
    let output: CredentialsLineQueue
    let errorOutput: CredentialsLineQueue
    private final class ExitBox: Sendable { let status = Mutex<Int32?>(nil) }
    private let exitBox = ExitBox()
    private let nextID = Atomic<Int>(1)

    enum Failure: Error, CustomStringConvertible {
        case spawn(Int32)
        case closed(stderr: String)
        case notJSON(String)
        var description: String {
            switch self {
            case .spawn(let code): "spawn failed: \(code)"
            case .closed(let stderr): "the server closed its output; stderr:\n\(stderr)"
            case .notJSON(let line): "not JSON: \(line)"
            }
        }
    }

    init(executable: String = CredentialsBinary.path, arguments: [String], environment: [String: String], deadline: Int = 120) throws {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else { throw Failure.spawn(errno) }
        // Close-on-exec, so other children never hold these ends open (a held stdin never reaches EOF).
        for descriptor in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var child: pid_t = 0
        let code = posix_spawn(&child, argv[0], &actions, nil, &cArguments, &cEnvironment)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard code == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            throw Failure.spawn(code)
        }
        pid = child
        input = stdinPipe[1]
        output = CredentialsLineQueue.reading(stdoutPipe[0], name: "child-stdout")
        errorOutput = CredentialsLineQueue.reading(stderrPipe[0], name: "child-stderr")
        let watched = child
        let box = exitBox
        let watchdog = Thread {
            var raw: Int32 = 0
            var waited: Int32 = 0
            for _ in 0..<(deadline * 20) {
                waited = waitpid(watched, &raw, WNOHANG)
                if waited != 0 { break }
                usleep(50_000)
            }
            if waited == 0 {
                Glibc.kill(watched, SIGKILL)
                waitpid(watched, &raw, 0)
            }
            box.status.withLock { $0 = raw }
        }
        watchdog.name = "child-watchdog"
        watchdog.start()
    }

    /// Writes raw text (a line or several) to the child's stdin.
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if count <= 0 { if errno == EINTR { continue }; return }
            offset += count
        }
    }

    func closeInput() { close(input) }

    /// Sends one request and returns its whole response object (calls are sequential).
    func call(_ method: String, _ params: JSONObject = [:]) async throws -> JSONValue {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        let request: JSONValue = ["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method), "params": .object(params)]
        write(request.serialized() + "\n")
        while true {
            guard let line = await output.next() else { throw Failure.closed(stderr: errorOutput.drained()) }
            guard let response = try? JSONValue.parse(line) else { throw Failure.notJSON(line) }
            if response["id"]?.intValue == id { return response }
        }
    }

    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Waits for the child to exit (bounded by the watchdog) and returns its raw wait status.
    func waitForExit() async -> Int32 {
        while true {
            if let status = exitBox.status.withLock({ $0 }) { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A temporary directory for one end-to-end test.
final class CredentialsScratch: Sendable {
    let path: String
    init() {
        var template = Array("/tmp/ecsrpc-creds-e2e-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let created else { fatalError("mkdtemp failed") }
        path = created
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

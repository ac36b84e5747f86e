import Foundation
import JSON
import TestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child `ecsrpc` process for the ECS method tests: spoken to over stdio, or over its Unix socket.
final class ECSMethodsProcess: @unchecked Sendable {
    let process: Process
    private let input: Int32
    private let output: ECSMethodsLines
    private let errors = ECSMethodsLines()
    private var nextID = 0
    let directory: String
    /// The socket path when started with `socket: true`.
    let socketPath: String?

    /// Starts `ecsrpc serve <arguments>`; with `socket`, serves (and talks over) a Unix socket instead of stdio.
    init(serve arguments: [String], socket: Bool = false) async throws {
        directory = try ECSMethodsFiles.temporaryDirectory()
        socketPath = socket ? directory + "/ecsrpc.sock" : nil
        process = Process()
        process.executableURL = URL(fileURLWithPath: try ECSMethodsFiles.binaryPath())
        process.arguments = ["serve"] + (socketPath.map { ["--socket", $0] } ?? []) + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"] {
            environment.removeValue(forKey: name)
        }
        environment["HOME"] = directory
        environment["XDG_CONFIG_HOME"] = directory + "/config"
        process.environment = environment
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        errors.startReading(fd: stderrPipe.fileHandleForReading.fileDescriptor)
        if let socketPath {
            try await ECSMethodsFiles.waitUntil("the socket \(socketPath)") { FileManager.default.fileExists(atPath: socketPath) }
            let fd = try Self.connect(socketPath)
            input = fd
            output = ECSMethodsLines()
            output.startReading(fd: fd)
        } else {
            input = stdinPipe.fileHandleForWriting.fileDescriptor
            output = ECSMethodsLines()
            output.startReading(fd: stdoutPipe.fileHandleForReading.fileDescriptor)
        }
    }

    /// Sends one request and returns the whole response object.
    func call(_ method: String, _ params: JSONObject, timeout: Duration = .seconds(60)) async throws -> JSONValue {
        nextID += 1
        let id = nextID
        let request: JSONValue = ["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method), "params": .object(params)]
        try ECSMethodsFiles.writeAll(fd: input, request.serializedBytes() + [UInt8(ascii: "\n")])
        while true {
            let line = try await output.next(timeout: timeout, what: "the answer to \(method)")
            let response = try JSONValue.parse(line)
            if response["id"]?.intValue == id { return response }
        }
    }

    /// The result, or a failure naming the error.
    func result(_ method: String, _ params: JSONObject) async throws -> JSONValue {
        let response = try await call(method, params)
        guard let result = response["result"] else { throw HarnessError.unexpected("\(method) failed: \(response.serialized())") }
        return result
    }

    /// The error object, or a failure when the call succeeded.
    func error(_ method: String, _ params: JSONObject) async throws -> JSONValue {
        let response = try await call(method, params)
        guard let error = response["error"] else { throw HarnessError.unexpected("\(method) succeeded: \(response.serialized())") }
        return error
    }

    /// Everything the process wrote on stderr so far.
    var standardErrorText: String {
        var lines: [String] = []
        while let line = errors.poll() { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines.joined(separator: "\n")
    }

    func stop() {
        if socketPath != nil { close(input) }
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func connect(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw HarnessError.unexpected("cannot connect to \(path)")
        }
        return fd
    }
}

/// A stand-alone `ecsrpc simulate` on a free loopback port.
final class ECSMethodsSimulator: @unchecked Sendable {
    let process: Process
    let port: Int

    init(_ extra: [String] = []) async throws {
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: try ECSMethodsFiles.binaryPath())
        process.arguments = ["simulate", "--listen", "127.0.0.1:\(port)", "--transition-ms", "50", "--quiet"] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let port = self.port
        try await ECSMethodsFiles.waitUntil("the simulator on port \(port)") { Self.accepts(port: port) }
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    func stop() {
        process.stop()
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError.unexpected("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case unexpected(String)
    var description: String {
        switch self {
        case .unexpected(let text): text
        }
    }
}

/// The simulator's demo key pair, standing in for the seed's `{{yourAccessKeyId}}` / `{{yourAccessKeySecret}}`.
let seedKeys: JSONObject = ["accessKeyId": "testid", "accessKeySecret": "testsecret"]

func merged(_ base: JSONObject, _ extra: JSONObject) -> JSONObject {
    var result = base
    for (key, value) in extra { result[key] = value }
    return result
}

/// Lines read from a descriptor on a dedicated thread, handed out in order.
final class ECSMethodsLines: Sendable {
    private let state = Mutex<(lines: [[UInt8]], ended: Bool)>(([], false))

    /// Starts a reader thread for `fd` (blocking reads stay off the cooperative pool).
    func startReading(fd: Int32) {
        let thread = Thread { [self] in
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending += buffer[0..<count]
                var lines: [[UInt8]] = []
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(Array(pending[..<newline]))
                    pending.removeSubrange(...newline)
                }
                if !lines.isEmpty { state.withLock { $0.lines += lines } }
            }
            state.withLock { $0.ended = true }
        }
        thread.name = "ecsmethods-reader"
        thread.start()
    }

    func poll() -> [UInt8]? {
        state.withLock { state in state.lines.isEmpty ? nil : state.lines.removeFirst() }
    }

    /// The next line; throws after `timeout` or at the end of the stream.
    func next(timeout: Duration, what: String) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (line, ended) = state.withLock { state -> ([UInt8]?, Bool) in
                (state.lines.isEmpty ? nil : state.lines.removeFirst(), state.ended)
            }
            if let line { return line }
            if ended { throw HarnessError.unexpected("the stream ended while waiting for \(what)") }
            if ContinuousClock.now >= deadline { throw HarnessError.unexpected("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// Files, the binary and small waits for the ECS method end-to-end tests.
enum ECSMethodsFiles {
    /// The built `ecsrpc` beside the test runner (any scratch path), or `$ECSRPC_BINARY`.
    static func binaryPath() throws -> String {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["ECSRPC_BINARY"], !override.isEmpty { candidates.append(override) }
        let runners = [(try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")), CommandLine.arguments.first]
        for runner in runners.compactMap({ $0 }) {
            var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("ecsrpc").path)
                directory = directory.deletingLastPathComponent()
            }
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        throw HarnessError.unexpected("ecsrpc binary not found; searched \(candidates)")
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ecsmethods-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    static func writeAll(fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == ENOTSOCK {
                let plain = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                guard plain > 0 else { throw HarnessError.unexpected("write failed: errno \(errno)") }
                offset += plain
                continue
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw HarnessError.unexpected("write failed: errno \(errno)") }
            offset += written
        }
    }

    /// Polls `condition` until it holds, for states with no event to wait on.
    static func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now >= deadline { throw HarnessError.unexpected("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

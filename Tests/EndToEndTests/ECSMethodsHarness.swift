import Foundation
import JSON
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A child `ecsrpc` process for the ECS method tests: spoken to over stdio, or over its Unix socket.
/// Spawned through TestSupport's `ServerProcess` (children inherit no other test's descriptors; reaped on a thread).
final class ECSMethodsProcess: @unchecked Sendable {
    let process: ServerProcess
    private let client: any LineClient
    private var nextID = 0
    let directory: String
    /// The socket path when started with `socket: true`.
    let socketPath: String?

    /// Starts `ecsrpc serve <arguments>`; with `socket`, serves (and talks over) a Unix socket instead of stdio.
    init(serve arguments: [String], socket: Bool = false) async throws {
        directory = try ECSMethodsFiles.temporaryDirectory()
        socketPath = socket ? directory + "/ecsrpc.sock" : nil
        var environment: [String: String] = [:]
        for name in ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"] {
            environment[name] = ""
        }
        environment["HOME"] = directory
        environment["XDG_CONFIG_HOME"] = directory + "/config"
        process = try ServerProcess(
            executable: try ECSMethodsFiles.binaryPath(),
            arguments: ["serve"] + (socketPath.map { ["--socket", $0] } ?? []) + arguments, environment: environment)
        if let socketPath {
            client = try await SocketClient.connect(path: socketPath, timeout: .seconds(60))
        } else {
            client = process
        }
    }

    /// Sends one request and returns the whole response object.
    func call(_ method: String, _ params: JSONObject, timeout: Duration = .seconds(60)) async throws -> JSONValue {
        nextID += 1
        let id = nextID
        let request: JSONValue = ["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method), "params": .object(params)]
        try client.send(request)
        while true {
            let line = try await client.inbox.next(timeout: timeout, what: "the answer to \(method)")
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
    var standardErrorText: String { process.stderrLines().joined(separator: "\n") }

    /// Kills the child (its waiter thread reaps it) and removes its directory; never blocks.
    func stop() {
        (client as? SocketClient)?.disconnect()
        process.closeInput()
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A stand-alone `ecsrpc simulate` on a loopback port it picks itself (port 0; read from its first stdout line),
/// serving HTTP, or HTTPS when `extra` gives `--tls-certificate` and `--tls-key`.
final class ECSMethodsSimulator: Sendable {
    let process: ServerProcess
    let port: Int
    /// `http` or `https`, as the first line announced.
    let scheme: String

    init(_ extra: [String] = []) async throws {
        process = try ServerProcess(
            executable: try ECSMethodsFiles.binaryPath(),
            arguments: ["simulate", "--listen", "127.0.0.1:0", "--transition-ms", "50", "--quiet"] + extra)
        process.closeInput()
        let line = try await process.nextLine(timeout: .seconds(60))
        let scheme = line.hasPrefix("listening on https://") ? "https" : "http"
        guard line.hasPrefix("listening on \(scheme)://127.0.0.1:"), let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            throw HarnessError.unexpected("the simulator said \(line)")
        }
        self.port = port
        self.scheme = scheme
    }

    var endpoint: String { "\(scheme)://127.0.0.1:\(port)" }

    /// Kills the simulator; afterwards its port refuses connections.
    func stop() {
        process.signal(SIGKILL)
    }

    /// Kills the simulator and waits until it has exited (so its port is closed).
    func stopAndWait() async throws {
        stop()
        _ = try await process.waitForExit(timeout: .seconds(60))
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

/// Files, the binary and small waits for the ECS method end-to-end tests.
enum ECSMethodsFiles {
    /// The built `ecsrpc` beside the test runner (any scratch path), or `$ECSRPC_BINARY`.
    static func binaryPath() throws -> String { try ECSRPCBinary.path() }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ecsmethods-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }
}

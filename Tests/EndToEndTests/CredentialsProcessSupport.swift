import Foundation
import JSON
import Synchronization
import TestSupport
import Testing

/// A child process for the credentials end-to-end tests: TestSupport's `ServerProcess`, with the outside
/// world's Alibaba variables blanked (so the chain sees only what a test sets) and a few conveniences.
final class CredentialsChild: Sendable {
    let process: ServerProcess
    private let nextID = Atomic<Int>(1)

    /// Starts `ecsrpc ARGUMENTS` (or `executable`) with `environment` over a blanked copy of this process's.
    init(executable: String? = nil, arguments: [String], environment: [String: String]) throws {
        var isolated = environment
        for key in ProcessInfo.processInfo.environment.keys
        where ["ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "XDG_CONFIG_HOME"].contains(where: key.hasPrefix)
            && isolated[key] == nil
        {
            isolated[key] = ""
        }
        process = try ServerProcess(
            executable: try executable ?? ECSRPCBinary.path(), arguments: arguments, environment: isolated)
    }

    var pid: pid_t { process.pid }

    /// Writes raw text (a line or several) to the child's stdin.
    func write(_ text: String) { try? process.write(text) }

    func closeInput() { process.closeInput() }

    func kill(_ signal: Int32) { process.signal(signal) }

    /// Sends one request and returns its response object (calls are sequential; ids count up).
    func call(_ method: String, _ params: JSONObject = [:]) async throws -> JSONValue {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        return try await process.call(method, params: .object(params), id: .number(JSONNumber(id)))
    }

    /// Calls `method` and checks its result against the schema `rpc.discover` documents for it.
    func callValidated(
        _ method: String, _ params: JSONObject = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let response = try await call(method, params)
        let document = try #require(try await call("rpc.discover")["result"], sourceLocation: sourceLocation)
        let described = document["methods"]?.arrayValue?.first { $0["name"]?.stringValue == method }
        let schema = try #require(described?["result"]?["schema"], "\(method) is not documented", sourceLocation: sourceLocation)
        let result = try #require(response["result"], "\(method): \(response.serialized())", sourceLocation: sourceLocation)
        let problems = JSONSchemaValidator(root: document).problems(validating: result, against: schema)
        #expect(problems.isEmpty, "\(method) result: \(problems)", sourceLocation: sourceLocation)
        return response
    }

    /// The next stdout line, or nil at the end of the stream (or after the generous default timeout).
    func nextLine() async -> String? { try? await process.nextLine() }

    /// The next stderr line, or nil at the end of the stream.
    func nextErrorLine() async -> String? {
        (try? await process.errors.next(timeout: defaultAnswerTimeout)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every stdout line still buffered once the child has exited and its output ended.
    func remainingLines() async throws -> [String] { try await process.remainingLines() }

    /// Waits for the child to exit; its exit status (128 + signal when killed), -1 on timeout.
    func waitForExit() async -> Int32 { (try? await process.waitForExit()) ?? -1 }
}

/// A temporary directory for one end-to-end test, removed when dropped.
final class CredentialsScratch: Sendable {
    private let directory: TemporaryDirectory
    var path: String { directory.path }

    init() throws { directory = try TemporaryDirectory(prefix: "ecsrpc-creds") }

    deinit { directory.remove() }
}

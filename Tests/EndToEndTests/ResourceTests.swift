import Foundation
import JSON
import Testing
import TestSupport

/// Reads a field of /proc/PID/status in kB, or the number of threads.
private func processStatus(_ pid: Int32, _ field: String) throws -> Int {
    let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        if let value = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int($0) }) {
            return value
        }
    }
    throw TestSupportError.unexpected("no \(field) in /proc/\(pid)/status")
}

@Suite("Resources", .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status"), "needs /proc"))
struct ResourceTests {
    @Test("a spawned server inherits no descriptor of the test process but its stdin, stdout and stderr")
    func noInheritedDescriptors() async throws {
        // A descriptor without FD_CLOEXEC, like those Foundation's Process and other tests hold: inherited, it would keep
        // another test's pipe or a child's exit notification open (hangs of waitUntilExit, stdin that never ends).
        var stray: [Int32] = [0, 0]
        #expect(pipe(&stray) == 0)
        defer { for fd in stray { close(fd) } }
        let server = try await TestServer.start(.stdio)
        #expect(try await server.process.call("ping", id: 1)["result"] == [:])
        let strayTarget = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(stray[0])")
        let childTargets = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.process.pid)/fd").compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(server.process.pid)/fd/\($0)")
        }
        #expect(!childTargets.isEmpty)
        #expect(!childTargets.contains(strayTarget))
        #expect(try await server.stop() == 0)
    }

    @Test("over-long lines are skipped without being held: peak memory grows far less than one line")
    func longLinesAreNotBuffered() async throws {
        // Up to the limit (1 MiB here) a line is buffered; past it, bytes are counted and dropped.
        let server = try await TestServer.start(.socket, arguments: ["--max-message-bytes", "1048576"])
        let client = try await server.connect()
        #expect(try await client.call("ping", id: 0)["result"] == [:])
        let peakBefore = try processStatus(server.process.pid, "VmHWM")
        let line = Array(#"{"jsonrpc":"2.0","method":"debug.echo","params":{"text":""#.utf8)
            + [UInt8](repeating: 0x78, count: 10 * 1024 * 1024) + Array(#""},"id":1}"#.utf8) + [0x0A]
        for id in 1...5 {
            try client.writeBytes(line)
            #expect(try await client.nextMessage()["error"]?["code"] == -32010)
            #expect(try await client.call("ping", id: .number(JSONNumber(id)))["result"] == [:])
        }
        let peakAfter = try processStatus(server.process.pid, "VmHWM")
        #expect(peakAfter - peakBefore < 5 * 1024, "peak RSS grew by \(peakAfter - peakBefore) kB")
        #expect(try await server.stop() == 0)
    }

    @Test("connections leave nothing behind: threads return to their count once clients are gone")
    func connectionsAreReleased() async throws {
        let server = try await TestServer.start(.socket)
        let pid = server.process.pid
        let warmup = try await server.connectSocket()
        #expect(try await warmup.call("debug.sleep", params: ["milliseconds": 1], id: 0)["result"] != nil)
        warmup.disconnect()
        // The baseline is the count once it stops changing (the warm-up connection's threads have exited).
        var previous = -1
        try await waitUntil(every: .milliseconds(100), "the thread count to settle") {
            let current = try processStatus(pid, "Threads")
            defer { previous = current }
            return current == previous
        }
        let baseline = try processStatus(pid, "Threads")
        var clients: [SocketClient] = []
        for index in 0..<40 {
            let client = try await server.connectSocket()
            #expect(try await client.call("debug.echo", params: ["n": .number(JSONNumber(index))], id: 1)["result"] != nil)
            clients.append(client)
        }
        #expect(try processStatus(pid, "Threads") >= baseline + 40)
        for client in clients { client.disconnect() }
        try await waitUntil("connection threads to exit") { try processStatus(pid, "Threads") <= baseline }
        #expect(try await server.stop() == 0)
    }
}

import Foundation
import JSONRPC
import Synchronization
import Testing
import Transport

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Line writer")
struct LineWriterTests {
    private func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SystemError("pipe", errno: errno) }
        return (fds[0], fds[1])
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        return result
    }

    @Test("lines from many tasks come out whole, one per line, each acknowledged")
    func wholeLines() async throws {
        signal(SIGPIPE, SIG_IGN)
        let (readEnd, writeEnd) = try makePipe()
        let writer = LineWriter(fd: writeEnd, kind: .stream, name: "test-writer", onFinished: { close(writeEnd) })
        let acknowledged = Counter()
        // The blocking reads run on a thread of their own, never on the 2-thread cooperative pool.
        let reader = Task {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: Self.readAll(readEnd)) }.start()
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<50 {
                        let line = Array("\(task)-\(index)-".utf8) + [UInt8](repeating: 0x7A, count: 10_000 + index)
                        writer.send(line, onWritten: { acknowledged.increment() })
                    }
                }
            }
        }
        writer.close()
        #expect(writer.waitUntilFinished(timeout: .seconds(30)))
        let output = await reader.value
        close(readEnd)
        let lines = output.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 400)
        for line in lines {
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.split(separator: "-")
            #expect(parts.count == 3)
            if parts.count == 3, let index = Int(parts[1]) { #expect(parts[2].count == 10_000 + index) }
        }
        #expect(acknowledged.value == 400)
    }

    @Test("a vanished reader fails the writer once; later lines are dropped but still acknowledged")
    func failure() async throws {
        signal(SIGPIPE, SIG_IGN)
        let (readEnd, writeEnd) = try makePipe()
        close(readEnd)
        let failures = Counter()
        let acknowledged = Counter()
        let writer = LineWriter(
            fd: writeEnd, kind: .stream, name: "test-writer", onFailure: { failures.increment() },
            onFinished: { close(writeEnd) })
        for _ in 0..<10 { writer.send(Array("x".utf8), onWritten: { acknowledged.increment() }) }
        writer.close()
        #expect(writer.waitUntilFinished(timeout: .seconds(30)))
        #expect(failures.value == 1)
        #expect(acknowledged.value == 10)
    }
}

/// A thread-safe count.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

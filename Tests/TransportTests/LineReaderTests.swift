import Foundation
import JSON
import JSONRPC
import Synchronization
import Testing
import Transport

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Line reader")
struct LineReaderTests {
    @Test("reads frames from a descriptor with tiny reads until EOF")
    func tinyReads() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let input = Array("a\r\n\nbb\n".utf8) + [UInt8](repeating: 0x63, count: 50) + Array("\nd".utf8)
        _ = input.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        var frames: [Frame] = []
        LineReader.read(fd: fds[0], maxLineBytes: 10, chunkSize: 3) { frame in
            frames.append(frame)
            return true
        }
        close(fds[0])
        #expect(frames == [.line(Array("a".utf8)), .line(Array("bb".utf8)), .tooLong(byteCount: 50, limit: 10)])
    }
}

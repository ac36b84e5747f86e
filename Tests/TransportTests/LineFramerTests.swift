import JSONRPC
import Testing
import Transport

@Suite("Line framing")
struct LineFramerTests {
    /// Feeds `input` in chunks of `size` and collects the frames.
    private func frames(_ input: [UInt8], limit: Int = 64, chunk size: Int) -> [Frame] {
        var framer = LineFramer(maxLineBytes: limit)
        var frames: [Frame] = []
        var start = 0
        while start < input.count {
            let end = min(start + size, input.count)
            framer.feed(Array(input[start..<end])) { frames.append($0) }
            start = end
        }
        return frames
    }

    private func text(_ frame: Frame) -> String? {
        if case .line(let bytes) = frame { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    @Test("lines split the same way whatever the chunk size", arguments: [1, 2, 3, 7, 64, 4096])
    func chunking(size: Int) {
        let input = Array("first\nsecond\r\n\n   \n\r\nthird line\nunfinished".utf8)
        let result = frames(input, chunk: size)
        #expect(result.compactMap(text) == ["first", "second", "third line"])
        #expect(result.count == 3)
    }

    @Test("a line over the limit is reported once with its full size and the next line still arrives",
        arguments: [1, 5, 100, 100_000])
    func tooLong(size: Int) {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        let input = Array("ok\n".utf8) + long + Array("\nafter\n".utf8)
        let result = frames(input, limit: 100, chunk: size)
        #expect(result.count == 3)
        #expect(text(result[0]) == "ok")
        #expect(result[1] == .tooLong(byteCount: 1000, limit: 100))
        #expect(text(result[2]) == "after")
    }

    @Test("a line exactly at the limit passes (also with CRLF); one byte more does not")
    func boundary() {
        let exact = [UInt8](repeating: 0x61, count: 10)
        #expect(frames(exact + [0x0A], limit: 10, chunk: 3) == [.line(exact)])
        #expect(frames(exact + [0x0D, 0x0A], limit: 10, chunk: 3) == [.line(exact)])
        #expect(frames(exact + [0x61, 0x0A], limit: 10, chunk: 3) == [.tooLong(byteCount: 11, limit: 10)])
    }

    @Test("an over-long line is never buffered whole")
    func boundedMemory() {
        var framer = LineFramer(maxLineBytes: 1000)
        let chunk = [UInt8](repeating: 0x62, count: 4096)
        var emitted: [Frame] = []
        for _ in 0..<2560 {  // 10 MiB without a newline
            framer.feed(chunk) { emitted.append($0) }
            #expect(framer.bufferedByteCount <= 1001)
        }
        framer.feed([0x0A]) { emitted.append($0) }
        #expect(emitted == [.tooLong(byteCount: 4096 * 2560, limit: 1000)])
    }
}

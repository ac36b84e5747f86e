import JSONRPC

/// Splits a byte stream into lines: `\n` ends a line, a trailing `\r` is dropped, blank lines are skipped.
///
/// A line longer than `maxLineBytes` is never held whole: once it passes the limit its bytes are counted and
/// dropped until its newline, and one ``Frame/tooLong(byteCount:limit:)`` is emitted.
public struct LineFramer: Sendable {
    public let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var discarding = false
    private var discardedCount = 0

    public init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Bytes buffered for an unfinished line (bounded by the limit).
    public var bufferedByteCount: Int { pending.count }

    /// Feeds a chunk, calling `emit` for every frame it completes.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (Frame) -> Void) {
        var start = 0
        let count = chunk.count
        while start < count {
            var end = start
            while end < count && chunk[end] != 0x0A { end += 1 }
            let segment = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if end == count {
                absorb(segment)
                return
            }
            finishLine(with: segment, emit: emit)
            start = end + 1
        }
    }

    /// Feeds a chunk given as an array.
    public mutating func feed(_ chunk: [UInt8], emit: (Frame) -> Void) {
        chunk.withUnsafeBytes { feed($0, emit: emit) }
    }

    /// Adds bytes of a line whose newline has not arrived yet.
    private mutating func absorb(_ segment: UnsafeRawBufferPointer) {
        if discarding {
            discardedCount += segment.count
        } else if pending.count + segment.count > maxLineBytes + 1 {
            // +1 leaves room for a `\r` that the newline may strip.
            discarding = true
            discardedCount = pending.count + segment.count
            pending = []
        } else {
            pending.append(contentsOf: segment)
        }
    }

    private mutating func finishLine(with segment: UnsafeRawBufferPointer, emit: (Frame) -> Void) {
        if discarding {
            let total = discardedCount + segment.count
            discarding = false
            discardedCount = 0
            emit(.tooLong(byteCount: total, limit: maxLineBytes))
            return
        }
        var line: [UInt8]
        if pending.isEmpty {
            line = Array(segment)
        } else {
            pending.append(contentsOf: segment)
            line = pending
            pending = []
        }
        if line.last == 0x0D { line.removeLast() }
        if line.count > maxLineBytes {
            emit(.tooLong(byteCount: line.count, limit: maxLineBytes))
            return
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        emit(.line(line))
    }
}

import Synchronization

/// Where finished log lines go (one JSON object per line, without the newline).
public protocol LogSink: Sendable {
    func write(_ line: [UInt8])
}

/// Discards every line.
public struct DiscardingLogSink: LogSink {
    public init() {}
    public func write(_ line: [UInt8]) {}
}

/// Keeps lines in memory; for tests.
public final class CollectingLogSink: LogSink {
    private let storage = Mutex<[String]>([])
    public init() {}
    public func write(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        storage.withLock { $0.append(text) }
    }
    /// Every line written so far.
    public var lines: [String] { storage.withLock { $0 } }
}

import JSONRPC

/// Log lines to stderr through a writer thread; when stderr is not being read, lines beyond a bound are dropped
/// rather than blocking the server.
public final class StandardErrorLogSink: LogSink {
    private let writer: LineWriter

    public init(maxQueuedLines: Int = 10_000) {
        writer = LineWriter(
            fd: 2, kind: .stream, name: "stderr-writer", maxQueuedLines: maxQueuedLines)
    }

    public func write(_ line: [UInt8]) {
        writer.send(line, onWritten: nil)
    }

    /// Writes what is queued (bounded wait), for use just before the process exits.
    public func flush(timeout: Duration = .seconds(1)) {
        writer.close()
        writer.waitUntilFinished(timeout: timeout)
    }
}

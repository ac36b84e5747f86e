/// The output side of a connection: whole lines, never interleaved.
public protocol LineSink: Sendable {
    /// Queues one line (without its newline) to be written whole.
    ///
    /// `onWritten` runs once the line was written, or dropped because the peer is gone.
    func send(_ line: [UInt8], onWritten: (@Sendable () -> Void)?)
    /// Writes what is queued, then closes the output.
    func close()
}

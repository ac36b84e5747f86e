/// One unit of input from a line transport.
public enum Frame: Sendable, Hashable {
    /// A non-blank line, without its `\n` or `\r\n`.
    case line([UInt8])
    /// A line longer than the limit, skipped without being kept; `byteCount` is its full length.
    case tooLong(byteCount: Int, limit: Int)
}

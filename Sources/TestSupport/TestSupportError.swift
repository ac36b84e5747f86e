/// Why a test helper gave up.
public enum TestSupportError: Error, Sendable, CustomStringConvertible {
    /// Nothing arrived within the timeout.
    case timedOut(waitingFor: String)
    /// The stream ended before what was awaited arrived.
    case endOfStream(waitingFor: String)
    /// The built `ecsrpc` binary could not be found.
    case binaryNotFound(searched: [String])
    /// A system call failed.
    case system(call: String, errno: Int32)
    /// A line was not the JSON expected.
    case unexpected(String)

    public var description: String {
        switch self {
        case .timedOut(let what): "timed out waiting for \(what)"
        case .endOfStream(let what): "stream ended while waiting for \(what)"
        case .binaryNotFound(let searched):
            "the ecsrpc binary was not found (run 'swift build' first, or set ECSRPC_BINARY); searched: "
                + searched.joined(separator: ", ")
        case .system(let call, let errno): "\(call) failed with errno \(errno)"
        case .unexpected(let text): text
        }
    }
}

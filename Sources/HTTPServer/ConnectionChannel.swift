/// The byte stream of one accepted connection as the request loop sees it: plain TCP or TLS over it.
/// Implementations block; they run only on the connection's own thread.
protocol ConnectionChannel {
    /// Reads into `buffer`: the byte count, 0 at the end of the stream, or -1 on an error or timeout.
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int
    /// Sends every byte; false when the peer is gone.
    @discardableResult
    func sendAll(_ bytes: [UInt8]) -> Bool
    /// Sends a response head and its body; false when the peer is gone.
    func sendResponse(head: [UInt8], body: [UInt8]) -> Bool
    /// After an error answer: half-closes and briefly drains the peer so the answer is not lost to a reset.
    func finishAfterErrorAnswer()
}

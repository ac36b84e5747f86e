import Glibc

/// A connection served as plain HTTP: the socket calls themselves, exactly as before TLS existed.
struct PlainChannel: ConnectionChannel {
    let descriptor: Int32

    @inline(__always)
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else { return -1 }
        while true {
            let received = recv(descriptor, base, buffer.count, 0)
            if received < 0 && errno == EINTR { continue }
            return received
        }
    }

    @inline(__always)
    @discardableResult
    func sendAll(_ bytes: [UInt8]) -> Bool { SocketIO.sendAll(descriptor, bytes) }

    @inline(__always)
    func sendResponse(head: [UInt8], body: [UInt8]) -> Bool { SocketIO.sendResponse(descriptor, head: head, body: body) }

    func finishAfterErrorAnswer() { SocketIO.lingeringClose(descriptor) }
}

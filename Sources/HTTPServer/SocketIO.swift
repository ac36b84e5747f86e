import Glibc

/// Blocking socket helpers used on the server's own threads.
enum SocketIO {
    /// Sends every byte (looping on partial sends and EINTR) without raising SIGPIPE; false when the peer is gone.
    @discardableResult
    static func sendAll(_ fd: Int32, _ bytes: [UInt8], more: Bool = false) -> Bool {
        let flags = Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return send(fd, base + offset, raw.count - offset, flags)
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Sends a response head, then its body, without joining them: `MSG_MORE` holds the head back so both
    /// leave in as few segments as one buffer would, and a large body is not copied.
    static func sendResponse(_ fd: Int32, head: [UInt8], body: [UInt8]) -> Bool {
        if body.isEmpty { return sendAll(fd, head) }
        return sendAll(fd, head, more: true) && sendAll(fd, body)
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setReceiveTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Half-closes and drains what the peer still sends (briefly), so the answer is not lost to a reset.
    static func lingeringClose(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var scratch = [UInt8](repeating: 0, count: 4096)
        var drained = 0
        while drained < 1 << 20 {
            let count = scratch.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return recv(fd, base, raw.count, 0)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            drained += count
        }
    }
}

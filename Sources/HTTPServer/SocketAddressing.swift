import Glibc

/// Loopback-only socket addresses for IPv4 and IPv6.
enum SocketAddressing {
    /// A bound-ready address for `host` (an IP literal or `localhost`) and `port`, refusing non-loopback hosts.
    static func loopbackAddress(host: String, port: Int) throws(HTTPServerError) -> (family: Int32, storage: sockaddr_storage, length: socklen_t) {
        let literal = host == "localhost" ? "127.0.0.1" : host
        let unbracketed = literal.hasPrefix("[") && literal.hasSuffix("]") ? String(literal.dropFirst().dropLast()) : literal
        guard (0...65535).contains(port) else { throw .invalidHost("\(host):\(port)") }
        var storage = sockaddr_storage()
        var v4 = in_addr()
        if inet_pton(AF_INET, unbracketed, &v4) == 1 {
            guard UInt32(bigEndian: v4.s_addr) >> 24 == 127 else { throw .notLoopback(host) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr = v4
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: &address) { raw.copyMemory(from: $0) }
            }
            return (AF_INET, storage, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, unbracketed, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            guard bytes == Array(repeating: 0, count: 15) + [1] else { throw .notLoopback(host) }
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = v6
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: &address) { raw.copyMemory(from: $0) }
            }
            return (AF_INET6, storage, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
        throw .invalidHost(host)
    }

    /// The port a bound socket got (for port 0).
    static func boundPort(of fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        if Int32(storage.ss_family) == AF_INET {
            return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port)) }
        }
        return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port)) }
    }
}

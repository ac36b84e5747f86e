#if canImport(Glibc)
    import Glibc
#endif

/// One IPv4 or IPv6 address and port to connect to.
struct SocketAddress: Sendable {
    private var storage: sockaddr_storage
    private var length: socklen_t

    var family: Int32 { Int32(storage.ss_family) }

    /// The addresses of `host`: an address literal as it is, `localhost` as 127.0.0.1 then ::1 (no lookup), any other
    /// name through the system resolver (`getaddrinfo`, in its preference order).
    static func resolve(host: String, port: Int) -> Result<[SocketAddress], HTTPConnection.Failure> {
        if host == "localhost" {
            return .success([literal("127.0.0.1", port: port), literal("::1", port: port)].compactMap { $0 })
        }
        if let address = literal(host, port: port) { return .success([address]) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { return .failure(.hostNotFound) }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let pointer = current.pointee.ai_addr, current.pointee.ai_family == AF_INET || current.pointee.ai_family == AF_INET6 {
                var storage = sockaddr_storage()
                let length = current.pointee.ai_addrlen
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: Int(min(Int(length), target.count))))
                }
                addresses.append(SocketAddress(storage: storage, length: length))
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(.hostNotFound) : .success(addresses)
    }

    /// Whether `resolve` asks the system resolver (which may block past any deadline) for `host`.
    static func needsLookup(_ host: String) -> Bool { host != "localhost" && literal(host, port: 0) == nil }

    /// The address written out in `host` (IPv4 dotted or IPv6 without brackets), or `nil`.
    static func literal(_ host: String, port: Int) -> SocketAddress? {
        var storage = sockaddr_storage()
        let networkPort = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = networkPort
            withUnsafeBytes(of: v4) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            return SocketAddress(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in>.size))
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = networkPort
            withUnsafeBytes(of: v6) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            return SocketAddress(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
        return nil
    }

    func withSockaddr<Value>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Value) -> Value {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

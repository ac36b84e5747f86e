#if canImport(Glibc)
    import Glibc
#endif

/// A `sockaddr_un` for a filesystem path.
struct UnixSocketAddress {
    static let maxPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    var storage = sockaddr_un()

    init(path: String) throws(UnixSocketError) {
        let bytes = Array(path.utf8)
        guard bytes.count <= Self.maxPathBytes else {
            throw .pathTooLong(path: path, limit: Self.maxPathBytes)
        }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    mutating func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}

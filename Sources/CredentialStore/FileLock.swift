#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (flock on a 0600 lock file), held across a read-modify-write of the store.
struct FileLock: ~Copyable {
    private let descriptor: Int32

    /// Blocks until the lock is held.
    init(path: String) throws(CredentialStoreError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .systemCallFailed(operation: "open lock file", path: path, errno: errno) }
        while flock(descriptor, LOCK_EX) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            throw .systemCallFailed(operation: "lock", path: path, errno: code)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

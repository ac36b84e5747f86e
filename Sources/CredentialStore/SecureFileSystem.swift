#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file operations the store needs, done with plain system calls so modes, fsync and rename are exact.
enum SecureFileSystem {
    /// Largest store file we agree to read.
    static let maximumFileSize = 1 << 20

    /// Reads a private file; nil when it does not exist. Refuses files others can access or that another user owns.
    static func readPrivateFile(at path: String) throws(CredentialStoreError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw .systemCallFailed(operation: "open", path: path, errno: code)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .systemCallFailed(operation: "stat", path: path, errno: errno)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .corruptFile(path: path, reason: "not a regular file")
        }
        guard status.st_uid == geteuid() else { throw .wrongOwner(path: path, ownerUID: UInt32(status.st_uid)) }
        guard (status.st_mode & 0o077) == 0 else {
            throw .insecureFilePermissions(path: path, mode: UInt32(status.st_mode))
        }
        guard Int(status.st_size) <= maximumFileSize else {
            throw .corruptFile(path: path, reason: "larger than \(maximumFileSize) bytes")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .systemCallFailed(operation: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > maximumFileSize {
                throw .corruptFile(path: path, reason: "larger than \(maximumFileSize) bytes")
            }
        }
        return bytes
    }

    /// Creates the directory and missing parents with mode 0700; refuses an existing one others can write to.
    static func ensurePrivateDirectory(_ path: String) throws(CredentialStoreError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            let parent = prefix.isEmpty ? "/" : prefix
            prefix += "/" + component
            if mkdir(prefix, 0o700) == 0 {
                // Make the new entry durable, as the rename into it will be.
                try? syncDirectory(parent)
            } else {
                let code = errno
                guard code == EEXIST else { throw .systemCallFailed(operation: "mkdir", path: prefix, errno: code) }
            }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw .systemCallFailed(operation: "stat", path: path, errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .systemCallFailed(operation: "use directory", path: path, errno: ENOTDIR)
        }
        guard (status.st_mode & 0o022) == 0 else {
            throw .insecureDirectory(path: path, mode: UInt32(status.st_mode))
        }
    }

    /// Replaces `path` atomically: a 0600 temp file in the same directory, fsync, rename, fsync of the directory.
    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String, temporaryPrefix: String)
        throws(CredentialStoreError)
    {
        let temporaryPath = directory + "/" + temporaryPrefix + String(getpid()) + "." + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .systemCallFailed(operation: "create", path: temporaryPath, errno: errno)
        }
        var renamed = false
        defer { if !renamed { unlink(temporaryPath) } }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else {
                throw .systemCallFailed(operation: "chmod", path: temporaryPath, errno: errno)
            }
            try writeAll(bytes, to: descriptor, path: temporaryPath)
            guard fsync(descriptor) == 0 else {
                throw .systemCallFailed(operation: "fsync", path: temporaryPath, errno: errno)
            }
        }
        guard rename(temporaryPath, path) == 0 else {
            throw .systemCallFailed(operation: "rename", path: path, errno: errno)
        }
        renamed = true
        try syncDirectory(directory)
    }

    /// Removes temp files left by writers that died mid-write; call only while holding the store's lock.
    static func removeStaleTemporaryFiles(in directory: String, prefix: String) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        var stale: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(prefix) { stale.append(name) }
        }
        for name in stale { unlink(directory + "/" + name) }
    }

    static func syncDirectory(_ directory: String) throws(CredentialStoreError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .systemCallFailed(operation: "open", path: directory, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw .systemCallFailed(operation: "fsync", path: directory, errno: errno)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(CredentialStoreError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .systemCallFailed(operation: "write", path: path, errno: errno)
            }
            offset += count
        }
    }
}

import Foundation
import Glibc

/// A file written atomically: temp file in the same directory, fsync, rename, fsync of the directory,
/// so a crash leaves either the old or the new content, never a mix.
public struct StateFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The content, or nil when the file does not exist.
    public func read() throws(StateFileError) -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return data
    }

    public func write(_ data: Data) throws(StateFileError) {
        let directory = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        // A fresh, unguessable name, created exclusively and never through a link: in a shared directory another
        // user could otherwise plant a symlink at a predictable name and have us overwrite its target.
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary = "\(path).tmp-\(getpid())-\(suffix)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: temporary, errno: errno) }
        guard fchmod(fd, 0o600) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw .writeFailed(path: temporary, errno: code)
        }
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw .writeFailed(path: temporary, errno: code)
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw .writeFailed(path: temporary, errno: code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .writeFailed(path: path, errno: code)
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }
}

/// Why the state file could not be read or written.
public enum StateFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case corrupt(path: String, reason: String)
    case writeFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read state file \(path)"
        case .corrupt(let path, let reason): "state file \(path) is not a simulator snapshot: \(reason)"
        case .writeFailed(let path, let code): "cannot write state file \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Saves the engine's snapshot whenever its revision moved since the last save.
actor StatePersister {
    private let file: StateFile
    private let engine: ECSEngine
    private var savedRevision: Int?
    private let log: (@Sendable (String) -> Void)?

    init(file: StateFile, engine: ECSEngine, log: (@Sendable (String) -> Void)?) {
        self.file = file
        self.engine = engine
        self.log = log
    }

    /// Loads the file into the engine if it exists; a corrupt file is an error (it is never overwritten).
    func load() async throws(StateFileError) {
        guard let data = try file.read() else { return }
        do {
            try await engine.restore(from: data)
        } catch {
            throw .corrupt(path: file.path, reason: String(describing: error))
        }
        savedRevision = await engine.revision
    }

    func saveIfChanged() async {
        let revision = await engine.revision
        guard revision != savedRevision else { return }
        let data = await engine.snapshot()
        do {
            try file.write(data)
            savedRevision = revision
        } catch {
            log?("state not saved: \(error)")
        }
    }
}

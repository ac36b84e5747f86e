import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh private directory under /tmp, removed when the value is dropped.
final class TemporaryDirectory: Sendable {
    let path: String

    init() {
        var template = Array("/tmp/ecsrpc-creds-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let created else { fatalError("mkdtemp failed") }
        path = created
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ text: String, to name: String, mode: mode_t = 0o600) {
        let target = file(name)
        let parent = (target as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: target, contents: Data(text.utf8))
        chmod(target, mode)
    }

    func read(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: file(name)).map(Array.init) }
}

func fileMode(_ path: String) -> mode_t? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return status.st_mode & 0o7777
}

func directoryEntries(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
}

import Foundation
import JSONRPC
import Testing
import Transport

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Unix socket listener")
struct UnixSocketListenerTests {
    private func temporaryDirectory() throws -> String {
        var template = Array("/tmp/ecsrpc-tt-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw SystemError("mkdtemp", errno: errno)
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func mode(_ path: String) -> Int {
        var info = stat()
        _ = lstat(path, &info)
        return Int(info.st_mode & 0o7777)
    }

    private func connect(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if result != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    @Test("binds mode 0600 in new 0700 directories; a live socket is refused; stop removes the file")
    func lifecycle() throws {
        let base = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let path = base + "/a/b/s.sock"
        let listener = try UnixSocketListener(path: path)
        #expect(listener.preparation == .fresh)
        #expect(mode(path) == 0o600)
        #expect(mode(base + "/a") == 0o700)
        #expect(mode(base + "/a/b") == 0o700)
        #expect(throws: UnixSocketError.inUse(path: path)) { try UnixSocketListener(path: path) }
        listener.stop()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("accepts connections and reports the peer's credentials")
    func acceptAndPeer() async throws {
        let base = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let listener = try UnixSocketListener(path: base + "/s.sock")
        let accepted = AsyncStream<PeerCredentials?>.makeStream()
        listener.startAccepting { fd in
            accepted.continuation.yield(PeerCredentials.of(socket: fd))
            close(fd)
        }
        let client = connect(base + "/s.sock")
        #expect(client >= 0)
        var iterator = accepted.stream.makeAsyncIterator()
        let peer = try #require(await iterator.next() ?? nil)
        #expect(peer.uid == getuid())
        #expect(peer.pid == getpid())
        close(client)
        listener.stop()
    }

    @Test("a stale socket file is replaced; a regular file is refused; a long path is refused")
    func stalePaths() throws {
        let base = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stale = base + "/stale.sock"
        // Leave a socket file behind without anyone listening.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(stale.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        let listener = try UnixSocketListener(path: stale)
        #expect(listener.preparation == .replacedStale)
        listener.stop()

        let regular = base + "/file"
        _ = FileManager.default.createFile(atPath: regular, contents: Data("x".utf8))
        #expect(throws: UnixSocketError.notASocket(path: regular)) { try UnixSocketListener(path: regular) }
        #expect(FileManager.default.fileExists(atPath: regular))

        let long = base + "/" + String(repeating: "n", count: 120)
        #expect(throws: UnixSocketError.self) { try UnixSocketListener(path: long) }
    }
}

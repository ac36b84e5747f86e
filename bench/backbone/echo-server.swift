// Baseline for throughput: a trivial Unix-socket echo server, one thread per connection, bytes echoed as read.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

signal(SIGPIPE, SIG_IGN)
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write("usage: echo-server PATH\n".data(using: .utf8) ?? Data())
    exit(64)
}
let path = CommandLine.arguments[1]
unlink(path)
let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
var address = sockaddr_un()
address.sun_family = sa_family_t(AF_UNIX)
withUnsafeMutableBytes(of: &address.sun_path) { raw in
    let bytes = Array(path.utf8)
    raw.copyBytes(from: bytes)
    raw[bytes.count] = 0
}
let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
}
guard bound == 0, listen(listener, 128) == 0 else { exit(1) }
print("listening")
fflush(nil)
while true {
    let client = accept(listener, nil, nil)
    if client < 0 { continue }
    let thread = Thread {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { send(client, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL)) }
                if written <= 0 { break }
                offset += written
            }
        }
        close(client)
    }
    thread.start()
}

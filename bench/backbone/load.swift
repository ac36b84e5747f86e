// Measures ping round trips per second over a Unix socket, and cold start (spawn → first answer line).
//
//   load rtt PATH CONNECTIONS SECONDS [METHOD]  sequential round trips on each connection, prints rounds/s
//   load coldstart RUNS SEND_PING CMD ARGS… spawns CMD, optionally writes a ping line, times the first line
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

signal(SIGPIPE, SIG_IGN)
let ping = Array(#"{"jsonrpc":"2.0","method":"ping","id":1}"#.utf8) + [0x0A]

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func connectSocket(_ path: String) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        let bytes = Array(path.utf8)
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    if result != 0 {
        perror("connect")
        exit(1)
    }
    return fd
}

/// Reads until a newline; returns false at EOF.
func readLine(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count <= 0 { return false }
        if buffer[count - 1] == 0x0A { return true }
    }
}

final class Tally: @unchecked Sendable {
    let lock = NSLock()
    var rounds = 0
    func add(_ count: Int) { lock.lock(); rounds += count; lock.unlock() }
}

func roundTrips(path: String, connections: Int, seconds: Double, request: [UInt8]) -> Double {
    let tally = Tally()
    let done = DispatchSemaphore(value: 0)
    let start = DispatchSemaphore(value: 0)
    for _ in 0..<connections {
        let thread = Thread {
            let fd = connectSocket(path)
            var buffer = [UInt8](repeating: 0, count: 4096)
            // Warm up.
            _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            _ = readLine(fd, &buffer)
            start.wait()
            let deadline = now() + seconds
            var rounds = 0
            while now() < deadline {
                _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if !readLine(fd, &buffer) { break }
                rounds += 1
            }
            tally.add(rounds)
            close(fd)
            done.signal()
        }
        thread.start()
    }
    usleep(100_000)
    for _ in 0..<connections { start.signal() }
    for _ in 0..<connections { done.wait() }
    return Double(tally.rounds) / seconds
}

func coldStart(runs: Int, sendPing: Bool, command: [String]) -> [Double] {
    var samples: [Double] = []
    for _ in 0..<runs {
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        _ = pipe(&input)
        _ = pipe(&output)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, input[1])
        posix_spawn_file_actions_addclose(&actions, output[0])
        let argv = command.map { strdup($0) } + [nil]
        var pid = pid_t()
        let began = now()
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else {
            perror("posix_spawn")
            exit(1)
        }
        close(input[0])
        close(output[1])
        if sendPing { _ = ping.withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) } }
        var buffer = [UInt8](repeating: 0, count: 4096)
        guard readLine(output[0], &buffer) else {
            FileHandle.standardError.write("no answer from \(command[0])\n".data(using: .utf8) ?? Data())
            exit(1)
        }
        samples.append((now() - began) * 1000)
        close(input[1])
        close(output[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        posix_spawn_file_actions_destroy(&actions)
        for pointer in argv { free(pointer) }
    }
    return samples
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "rtt" where arguments.count == 5 || arguments.count == 6:
    let method = arguments.count == 6 ? arguments[5] : "ping"
    let line = Array(#"{"jsonrpc":"2.0","method":"\#(method)","params":{},"id":1}"#.utf8) + [0x0A]
    let rate = roundTrips(path: arguments[2], connections: Int(arguments[3]) ?? 1, seconds: Double(arguments[4]) ?? 2, request: line)
    print(String(format: "%.0f", rate))
case "coldstart" where arguments.count >= 5:
    let samples = coldStart(runs: Int(arguments[2]) ?? 20, sendPing: arguments[3] == "ping", command: Array(arguments[4...]))
    print(String(format: "%.2f", median(samples)))
default:
    FileHandle.standardError.write("usage: load rtt PATH CONNECTIONS SECONDS | load coldstart RUNS ping|none CMD ARGS…\n".data(using: .utf8) ?? Data())
    exit(64)
}

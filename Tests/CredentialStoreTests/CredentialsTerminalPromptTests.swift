import Foundation
import Synchronization
import Testing

@testable import CredentialStore

#if canImport(Glibc)
    import Glibc
#endif

/// A pseudo-terminal pair: the command reads the slave side as its terminal, the test types on the master.
struct PseudoTerminal {
    let master: Int32
    let slave: Int32

    init?() {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return nil }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // TIOCSPTLCK and TIOCGPTN (Linux), which Glibc's Swift module does not export.
        guard ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            return nil
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { return nil }
    }

    /// Reads the master side until `text` has appeared (or 20 s pass); returns everything read.
    func read(until text: String, into transcript: inout String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<200 {
            if transcript.contains(text) { return true }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { return transcript.contains(text) }
            transcript += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return transcript.contains(text)
    }

    /// Reads whatever the master side still has, until it stays quiet for 300 ms.
    func drain(into transcript: inout String) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, 300) > 0 {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            transcript += String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    /// Whether the terminal is back to echoing and turning ^C into SIGINT.
    var echoesAndSignals: Bool {
        var settings = termios()
        guard tcgetattr(slave, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ECHO) != 0 && settings.c_lflag & tcflag_t(ISIG) != 0
    }

    func close() {
        Glibc.close(master)
        Glibc.close(slave)
    }

    func type(_ text: String) { TerminalOutput.write(text, to: master) }
}

@Suite("ecsrpc credentials at a terminal")
struct CredentialsTerminalPromptTests {
    /// Runs `ecsrpc credentials add work` on a pseudo-terminal, typing `secretLine` at the secret prompt.
    func addAtTerminal(secretLine: String, directory: String, terminal: PseudoTerminal) async -> (Int32, String) {
        var outputPipe: [Int32] = [0, 0]
        pipe(&outputPipe)
        for descriptor in outputPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let output = outputPipe[1]
        let slave = terminal.slave
        defer { close(outputPipe[0]) }
        // The command blocks on the terminal and the typist on the master side: each gets its own thread.
        let finished = DispatchSemaphore(value: 0)
        let box = TerminalOutcome()
        return await withCheckedContinuation { continuation in
            let command = Thread {
                let status = CredentialsTerminalCommand.run(
                    arguments: ["add", "work"], environment: ["ECSRPC_CONFIG_DIR": directory], input: slave,
                    output: output, errorOutput: slave)
                close(output)
                box.status.withLock { $0 = status }
                finished.signal()
            }
            let typist = Thread {
                var transcript = ""
                _ = terminal.read(until: "AccessKey ID: ", into: &transcript)
                terminal.type("LTAIptyKeyId000001\n")
                _ = terminal.read(until: "AccessKey Secret (not shown): ", into: &transcript)
                terminal.type(secretLine)
                let done = finished.wait(timeout: .now() + 30) == .success
                terminal.drain(into: &transcript)
                continuation.resume(returning: (done ? box.status.withLock { $0 } : -1, transcript))
            }
            command.start()
            typist.start()
        }
    }

    @Test("the id prompt echoes, the secret prompt does not, and the terminal is restored")
    func secretPromptDoesNotEcho() async throws {
        let temporary = TemporaryDirectory()
        let terminal = try #require(PseudoTerminal())
        defer { terminal.close() }
        let (status, transcript) = await addAtTerminal(
            secretLine: "Pty-Secret-77\n", directory: temporary.path, terminal: terminal)
        #expect(status == 0)
        #expect(transcript.contains("LTAIptyKeyId000001"))
        #expect(!transcript.contains("Pty-Secret-77"))
        let stored = try CredentialStore(directory: temporary.path).load()
        #expect(stored.profile(named: "work")?.credentials.accessKeySecret == "Pty-Secret-77")
        #expect(terminal.echoesAndSignals)
    }

    @Test("^C at the secret prompt cancels, stores nothing, and restores the terminal")
    func controlCCancels() async throws {
        let temporary = TemporaryDirectory()
        let terminal = try #require(PseudoTerminal())
        defer { terminal.close() }
        let (status, transcript) = await addAtTerminal(secretLine: "Pty-Se\u{3}\n", directory: temporary.path, terminal: terminal)
        #expect(status == 130)
        #expect(transcript.contains("cancelled"))
        #expect(!transcript.contains("Pty-Se"))
        #expect(!FileManager.default.fileExists(atPath: temporary.path + "/credentials.json"))
        #expect(terminal.echoesAndSignals)
    }
}

/// The command thread's exit status, handed to the typist thread.
private final class TerminalOutcome: Sendable {
    let status = Mutex<Int32>(-1)
}

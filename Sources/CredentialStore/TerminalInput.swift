#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads lines from a file descriptor one byte at a time (so nothing is read past the line), and prompts
/// at a terminal with echo off for secrets.
struct TerminalInput {
    let descriptor: Int32
    let promptDescriptor: Int32

    enum Outcome: Equatable {
        case line(String)
        case endOfInput
        case cancelled
    }

    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Prompts (at a terminal only) and reads one line; `secret` turns echo and signal keys off meanwhile.
    func readLine(prompt: String, secret: Bool) -> Outcome {
        guard isTerminal else { return readRawLine() }
        var saved = termios()
        let canHideEcho = secret && tcgetattr(descriptor, &saved) == 0
        if canHideEcho {
            // Echo goes off before the prompt shows, so nothing typed after it is ever echoed;
            // ^C arrives as a character (cancel) so the terminal is always restored.
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO | ISIG)
            quiet.c_lflag |= tcflag_t(ICANON | ECHONL)
            tcsetattr(descriptor, TCSANOW, &quiet)
        }
        TerminalOutput.write(prompt, to: promptDescriptor)
        let outcome = readRawLine()
        if canHideEcho {
            tcsetattr(descriptor, TCSANOW, &saved)
        }
        if case .line(let text) = outcome, text.utf8.contains(0x03) { return .cancelled }
        return outcome
    }

    private func readRawLine() -> Outcome {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                return bytes.isEmpty ? .endOfInput : .line(Self.text(bytes))
            }
            if count == 0 { return bytes.isEmpty ? .endOfInput : .line(Self.text(bytes)) }
            if byte == 0x0A { return .line(Self.text(bytes)) }
            bytes.append(byte)
            if bytes.count > 65536 { return .line(Self.text(bytes)) }
        }
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var line = bytes
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}

/// Whole-string writes to a descriptor, retrying partial writes.
enum TerminalOutput {
    static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += count
        }
    }
}

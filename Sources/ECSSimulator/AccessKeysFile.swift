/// The `--access-keys-file` format: one `ID:SECRET` per line; blank lines and comments are ignored.
///
/// A comment starts at a `#` that begins the line or follows a space or tab, so `id:secret  # note` is the pair
/// `id`/`secret` while a `#` inside a secret (`id:ab#cd`) is kept. Neither half may contain whitespace, so nothing
/// written after a secret can silently become part of it (Alibaba secrets are 30 letters and digits).
enum AccessKeysFile {
    /// The pairs of a whole file; `path` only names the file in errors.
    static func parse(_ text: String, path: String) throws(SimulatorOptionsError) -> [AccessKeyPair] {
        var pairs: [AccessKeyPair] = []
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = significantText(of: line)
            if content.isEmpty { continue }
            guard !content.contains(where: \.isWhitespace), let pair = AccessKeyPair.parse(String(content)) else {
                throw .malformedKeysFile(path: path, line: number + 1)
            }
            pairs.append(pair)
        }
        return pairs
    }

    /// `line` without its comment and surrounding whitespace (empty for a blank or comment-only line).
    static func significantText(of line: Substring) -> Substring {
        var end = line.endIndex
        var previous: Character?
        for index in line.indices {
            let character = line[index]
            if character == "#", previous == nil || previous == " " || previous == "\t" {
                end = index
                break
            }
            previous = character
        }
        return line[..<end].trimmingWhitespace()
    }
}

extension Substring {
    /// The text without leading and trailing whitespace (spaces, tabs, `\r`).
    fileprivate func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

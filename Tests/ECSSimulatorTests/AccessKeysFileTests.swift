import Foundation
import Testing

@testable import ECSSimulator

/// `--access-keys-file`: inline comments never end up in a secret, and a `#` inside a secret survives.
@Suite("Access keys file")
struct AccessKeysFileTests {
    @Test("an inline comment after whitespace is not part of the secret")
    func inlineComment() throws {
        let pairs = try AccessKeysFile.parse(
            "alice:aliceSecret123 # my comment\nbob:bobSecret\t# tabbed\ncarol:carolSecret#\n", path: "keys")
        #expect(pairs == [
            AccessKeyPair(id: "alice", secret: "aliceSecret123"), AccessKeyPair(id: "bob", secret: "bobSecret"),
            AccessKeyPair(id: "carol", secret: "carolSecret#"),
        ])
    }

    @Test("a # with no whitespace before it belongs to the secret; whole-line comments and blank lines are skipped")
    func hashInsideSecret() throws {
        let pairs = try AccessKeysFile.parse("# accounts\n   # indented comment\n\nid:ab#cd#ef\r\nother:x:y\r\n", path: "keys")
        #expect(pairs == [AccessKeyPair(id: "id", secret: "ab#cd#ef"), AccessKeyPair(id: "other", secret: "x:y")])
    }

    @Test("text after the secret that is not a comment is refused with its line number, never kept in the secret")
    func trailingTextRefused() {
        #expect(throws: SimulatorOptionsError.malformedKeysFile(path: "keys", line: 2)) {
            try AccessKeysFile.parse("ok:fine\nalice:secret ; comment\n", path: "keys")
        }
        #expect(throws: SimulatorOptionsError.malformedKeysFile(path: "keys", line: 1)) {
            try AccessKeysFile.parse("alice: # only a comment\n", path: "keys")
        }
    }

    @Test("significant text: comment and surrounding whitespace removed", arguments: [
        ("  id:secret  ", "id:secret"), ("id:secret # c", "id:secret"), ("#all comment", ""), ("id:se#cret", "id:se#cret"),
        ("id:secret\t#c", "id:secret"), ("", ""),
    ])
    func significantText(line: String, expected: String) {
        #expect(AccessKeysFile.significantText(of: Substring(line)) == Substring(expected))
    }

    @Test("through --access-keys-file, the secret of a commented line signs requests as written")
    func throughOptions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        try "LTAI5tExampleKeyId:AbCdEfGhIjKlMnOpQrStUvWxYz0123 # my comment\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = try SimulatorOptions.parse(arguments: ["--access-keys-file", path])
        #expect(options.accessKeys == [AccessKeyPair(id: "LTAI5tExampleKeyId", secret: "AbCdEfGhIjKlMnOpQrStUvWxYz0123")])
        #expect(SimulatorAccounts(options.accessKeys).secret(for: "LTAI5tExampleKeyId") == "AbCdEfGhIjKlMnOpQrStUvWxYz0123")
    }
}

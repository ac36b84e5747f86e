import Foundation
import Testing

@testable import CredentialStore

@Suite("aliyun CLI External mode (process_command)")
struct ExternalModeTests {
    static func provider(_ home: TemporaryDirectory, command: String, timeout: Duration = .seconds(30)) -> CredentialProvider {
        let file = """
            {"current": "ext", "profiles": [{"name": "ext", "mode": "External", "process_command": \(JSONText.quote(command)),
             "region_id": "cn-hangzhou"}]}
            """
        home.write(file, to: ".aliyun/config.json")
        return CredentialProvider(environment: ["HOME": home.path, "PATH": "/usr/bin:/bin", "ECSRPC_CONFIG_DIR": home.path + "/store"])
            .with(services: CredentialServices(processTimeout: timeout))
    }

    @Test("an AK answer on stdout becomes the credentials; the source names the mode")
    func akAnswer() async throws {
        let home = TemporaryDirectory()
        let provider = Self.provider(
            home, command: #"echo '{"mode": "AK", "access_key_id": "LTAIextKey0000001", "access_key_secret": "Ext-Secret-1"}'"#)
        let resolved = try await provider.resolve(CredentialRequest())
        #expect(resolved.credentials == AccessCredentials(accessKeyId: "LTAIextKey0000001", accessKeySecret: "Ext-Secret-1"))
        #expect(resolved.source.description == "aliyun-cli:ext (External)")
        #expect(resolved.regionId == "cn-hangzhou")
        #expect(resolved.usableUntil != nil)
        #expect(await provider.defaultSourceDescription() == "aliyun-cli:ext (External)")
    }

    @Test("a StsToken answer carries its token; the command sees the provider's environment and runs once while cached")
    func stsAnswerAndCaching() async throws {
        let home = TemporaryDirectory()
        let counter = home.file("runs")
        let command = #"echo x >> "$HOME/runs"; printf '{"mode":"StsToken","access_key_id":"STS.ext2","access_key_secret":"Ext-Secret-2","sts_token":"Ext-Token-2"}'"#
        let provider = Self.provider(home, command: command)
        let first = try await provider.resolve(CredentialRequest())
        #expect(first.credentials.securityToken == "Ext-Token-2")
        _ = try await provider.resolve(CredentialRequest())
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        #expect(runs == 1)
    }

    @Test("failures name the profile and never echo stderr or stdout; failures are not cached")
    func failures() async throws {
        let home = TemporaryDirectory()
        let cases: [(String, String)] = [
            ("echo Secret-On-Stderr >&2; exit 3", "exited with status 3"),
            ("echo 'not json Secret-On-Stdout'", "did not print a JSON object"),
            (#"echo '{"mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "Secret-On-Stdout"}'"#, "only AK and StsToken"),
            (#"echo '{"mode": "AK", "access_key_id": "a"}'"#, "printed no access_key_secret"),
            (#"echo '{"mode": "StsToken", "access_key_id": "a", "access_key_secret": "Secret-On-Stdout"}'"#, "without sts_token"),
        ]
        for (command, expected) in cases {
            let provider = Self.provider(home, command: command)
            do {
                _ = try await provider.resolve(CredentialRequest())
                Issue.record("expected a failure for \(expected)")
            } catch {
                #expect(error.description.contains("profile 'ext'"))
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(!error.description.contains("Secret-On-"))
            }
        }
        // A failure is not remembered: fixing the command fixes the next call.
        let flag = home.file("ready")
        let command = #"test -f "$HOME/ready" || exit 1; echo '{"access_key_id": "k", "access_key_secret": "s"}'"#
        let provider = Self.provider(home, command: command)
        await #expect(throws: CredentialResolutionError.self) { try await provider.resolve(CredentialRequest()) }
        FileManager.default.createFile(atPath: flag, contents: Data())
        #expect(try await provider.resolve(CredentialRequest()).credentials.accessKeyId == "k")
    }

    @Test("a command that outlives its timeout is killed with its children")
    func timeout() async throws {
        let home = TemporaryDirectory()
        let provider = Self.provider(home, command: "sleep 30 & sleep 30; echo '{}'", timeout: .milliseconds(300))
        do {
            _ = try await provider.resolve(CredentialRequest())
            Issue.record("expected a timeout")
        } catch {
            #expect(error.description.contains("did not finish within"))
        }
    }

    @Test("the process output parser accepts only AK and StsToken, with an optional expiration")
    func outputParser() throws {
        let answer = #"{"mode": "StsToken", "access_key_id": "a", "access_key_secret": "b", "sts_token": "c", "expiration": "2030-01-02T03:04:05Z"}"#
        let parsed = try ExternalCredentialOutput.parse(Array(answer.utf8)).get()
        #expect(parsed.credentials == AccessCredentials(accessKeyId: "a", accessKeySecret: "b", securityToken: "c"))
        #expect(parsed.expiration == TemporaryCredentials.parseDate("2030-01-02T03:04:05Z"))
        let inferred = try ExternalCredentialOutput.parse(Array(#"{"access_key_id": "a", "access_key_secret": "b"}"#.utf8)).get()
        #expect(inferred.credentials.securityToken == nil)
    }
}

/// JSON string quoting for test fixtures.
enum JSONText {
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

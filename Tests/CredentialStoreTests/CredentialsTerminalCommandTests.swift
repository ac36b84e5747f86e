import Foundation
import Testing

@testable import CredentialStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("ecsrpc credentials (terminal command)")
struct CredentialsTerminalCommandTests {
    struct Outcome {
        let status: Int32
        let output: String
        let errorOutput: String
    }

    /// Runs the command in-process with `input` on a pipe as stdin and pipes for both outputs.
    func run(_ arguments: [String], input: String = "", directory: String) -> Outcome {
        var inputPipe: [Int32] = [0, 0]
        var outputPipe: [Int32] = [0, 0]
        var errorPipe: [Int32] = [0, 0]
        pipe(&inputPipe)
        pipe(&outputPipe)
        pipe(&errorPipe)
        // Close-on-exec, so children spawned by other tests meanwhile never hold an end open.
        for descriptor in inputPipe + outputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        TerminalOutput.write(input, to: inputPipe[1])
        close(inputPipe[1])
        let status = CredentialsTerminalCommand.run(
            arguments: arguments, environment: ["ECSRPC_CONFIG_DIR": directory], input: inputPipe[0],
            output: outputPipe[1], errorOutput: errorPipe[1])
        close(inputPipe[0])
        close(outputPipe[1])
        close(errorPipe[1])
        func drain(_ descriptor: Int32) -> String {
            let data = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).readDataToEndOfFile()
            return String(decoding: data, as: UTF8.self)
        }
        return Outcome(status: status, output: drain(outputPipe[0]), errorOutput: drain(errorPipe[0]))
    }

    @Test("add reads the secret from stdin; list masks it; default and remove work")
    func addListDefaultRemove() throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path + "/ecsrpc"
        let added = run(
            ["add", "work", "--access-key-id", "LTAI5tExampleKey3f2a", "--region", "cn-hangzhou"],
            input: "Work-Secret-Value-42\n", directory: directory)
        #expect(added.status == 0)
        #expect(added.output.contains("LTAI****3f2a"))
        let second = run(["add", "home", "--default", "--security-token-stdin"], input: "LTAIhomeKey0000099\nHome-Secret\nHome-Token\n", directory: directory)
        #expect(second.status == 0, "\(second.errorOutput)")
        let stored = try CredentialStore(directory: directory).load()
        #expect(stored.profile(named: "work")?.credentials.accessKeySecret == "Work-Secret-Value-42")
        #expect(stored.profile(named: "home")?.credentials.securityToken == "Home-Token")
        #expect(stored.defaultProfileName == "home")

        let listed = run(["list"], directory: directory)
        #expect(listed.status == 0)
        let lines = listed.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let cells = lines.map { $0.split(separator: " ").map(String.init) }
        #expect(cells[0] == ["NAME", "ACCESS", "KEY", "ID", "REGION", "ENDPOINT", "STS"])
        #expect(cells[1] == ["*", "home", "LTAI****0099", "-", "-", "yes"])
        #expect(cells[2] == ["work", "LTAI****3f2a", "cn-hangzhou", "-"])
        for text in [added.output, added.errorOutput, second.output, second.errorOutput, listed.output] {
            #expect(!text.contains("Secret"))
            #expect(!text.contains("Home-Token"))
        }

        #expect(run(["default", "work"], directory: directory).status == 0)
        #expect(try CredentialStore(directory: directory).load().defaultProfileName == "work")
        #expect(run(["remove", "work"], directory: directory).status == 0)
        let missing = run(["remove", "work"], directory: directory)
        #expect(missing.status == 1)
        #expect(missing.errorOutput.contains("no credential profile named 'work'"))
        #expect(try CredentialStore(directory: directory).load().profileNames == ["home"])
    }

    @Test("secrets in argv are refused", arguments: ["--access-key-secret", "--access-key-secret=x", "--secret", "--security-token"])
    func secretInArgumentsRefused(option: String) {
        let temporary = TemporaryDirectory()
        let outcome = run(["add", "work", "--access-key-id", "LTAIx", option, "value"], input: "s\n", directory: temporary.path)
        #expect(outcome.status == 64)
        #expect(outcome.errorOutput.contains("never taken from the command line"))
        #expect(!FileManager.default.fileExists(atPath: temporary.path + "/credentials.json"))
    }

    @Test("missing input, bad names and unknown commands fail with a message")
    func failures() {
        let temporary = TemporaryDirectory()
        let noSecret = run(["add", "work", "--access-key-id", "LTAIx"], input: "", directory: temporary.path)
        #expect(noSecret.status == 1)
        #expect(noSecret.errorOutput.contains("no access key secret on stdin"))
        #expect(run(["add", "bad/name"], input: "a\nb\n", directory: temporary.path).status == 1)
        #expect(run(["add"], directory: temporary.path).status == 64)
        #expect(run(["frobnicate"], directory: temporary.path).status == 64)
        #expect(run([], directory: temporary.path).status == 64)
        #expect(run(["help"], directory: temporary.path).output.contains("usage: ecsrpc credentials"))
        #expect(run(["list"], directory: temporary.path).output.contains("no profiles"))
    }

    @Test(
        "--help or -h after a subcommand prints the usage and exits 0, touching nothing",
        arguments: [["add", "--help"], ["add", "work", "-h"], ["list", "--help"], ["remove", "--help"], ["default", "-h"]])
    func subcommandHelp(arguments: [String]) {
        let temporary = TemporaryDirectory()
        let outcome = run(arguments, input: "secret\n", directory: temporary.path)
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("usage: ecsrpc credentials"))
        #expect(outcome.errorOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: temporary.path + "/credentials.json"))
    }

    @Test("adding over an existing profile says it replaced it, and which settings the new one drops")
    func addReplaces() throws {
        let temporary = TemporaryDirectory()
        let first = run(
            ["add", "work", "--access-key-id", "LTAIfirst0001", "--region", "cn-beijing", "--endpoint", "ecs.cn-beijing.aliyuncs.com"],
            input: "s1\n", directory: temporary.path)
        #expect(first.output.hasPrefix("saved profile 'work' (LTAI****0001)"))
        let again = run(["add", "work", "--access-key-id", "LTAIagain0002"], input: "s2\n", directory: temporary.path)
        #expect(again.status == 0)
        #expect(again.output.hasPrefix("replaced profile 'work' (LTAI****0002; was LTAI****0001, "), "\(again.output)")
        #expect(again.output.contains("no region (was cn-beijing)"))
        #expect(again.output.contains("no endpoint (was ecs.cn-beijing.aliyuncs.com)"))
        let same = run(["add", "work", "--access-key-id", "LTAIagain0002"], input: "s3\n", directory: temporary.path)
        #expect(same.output.hasPrefix("replaced profile 'work' (LTAI****0002)"), "\(same.output)")
        #expect(!same.output.contains("was"))
        #expect(try CredentialStore(directory: temporary.path).load().profile(named: "work")?.regionId == nil)
    }

    @Test("a world-readable store is refused by the command with the fix")
    func insecureStore() throws {
        let temporary = TemporaryDirectory()
        temporary.write(#"{"version": 1, "profiles": []}"#, to: "credentials.json", mode: 0o644)
        let listed = run(["list"], directory: temporary.path)
        #expect(listed.status == 1)
        #expect(listed.errorOutput.contains("chmod 600 \(temporary.path)/credentials.json"))
    }
}

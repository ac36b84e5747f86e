import Foundation
import JSON
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The credential store through the built binary: `ecsrpc serve --simulator` and `ecsrpc credentials`.
@Suite("Credentials end to end", .serialized)
struct CredentialsEndToEndTests {
    static let goodSecret = "testsecret"
    static let wrongSecret = "Wrong-Secret-7f3a9c1e55"

    /// A clean environment: a private config dir and HOME, no Alibaba variables from the outside.
    static func environment(_ scratch: CredentialsScratch, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": scratch.path + "/home",
            "ECSRPC_CONFIG_DIR": scratch.path + "/config",
        ]
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    static func result(_ response: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        try #require(response["result"], "expected a result, got \(response.serialized())", sourceLocation: sourceLocation)
    }

    @Test("server.info names the source a call without credentials would use, step by step down the chain")
    func serverInfoSource() async throws {
        let scratch = try CredentialsScratch()
        let home = scratch.path + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.aliyun", withIntermediateDirectories: true)
        let cliConfig = #"{"current": "cli", "profiles": [{"name": "cli", "mode": "AK", "access_key_id": "LTAIcliKey0000001", "access_key_secret": "Cli-Secret-1", "region_id": "cn-shanghai"}]}"#
        #expect(FileManager.default.createFile(atPath: home + "/.aliyun/config.json", contents: Data(cliConfig.utf8)))
        func source(_ arguments: [String], _ extra: [String: String] = [:]) async throws -> JSONValue? {
            let server = try CredentialsChild(arguments: ["serve"] + arguments, environment: Self.environment(scratch, extra: extra))
            let info = try Self.result(try await server.callValidated("server.info"))
            server.closeInput()
            _ = await server.waitForExit()
            for secret in ["Cli-Secret-1", "Env-Secret-2", "Work-Secret-3"] { #expect(!info.serialized().contains(secret)) }
            return info["credentials"]?["source"]
        }
        #expect(try await source([]) == "aliyun-cli:cli (AK)")
        #expect(try await source([], ["ALIBABA_CLOUD_PROFILE": "missing"]) == .null)
        let environment = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenvKey0000002", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "Env-Secret-2"]
        #expect(try await source([], environment) == "environment")
        let add = try CredentialsChild(
            arguments: ["credentials", "add", "work", "--access-key-id", "LTAIworkKey000003"], environment: Self.environment(scratch))
        add.write("Work-Secret-3\n")
        add.closeInput()
        #expect(await add.waitForExit() == 0)
        #expect(try await source([], environment) == "environment")
        let makeDefault = try CredentialsChild(arguments: ["credentials", "default", "work"], environment: Self.environment(scratch))
        makeDefault.closeInput()
        #expect(await makeDefault.waitForExit() == 0)
        #expect(try await source([], environment) == "profile:work")
        #expect(try await source(["--profile", "work"]) == "profile:work")
        #expect(try await source(["--profile", "nope"]) == .null)
    }

    @Test("serve --simulator --access-key: calls without credentials are signed with the simulator's own key")
    func simulatorGivenKeys() async throws {
        let scratch = try CredentialsScratch()
        let server = try CredentialsChild(
            arguments: ["serve", "--simulator", "--access-key", "sim-id:Sim-Secret-7"], environment: Self.environment(scratch))
        let info = try Self.result(try await server.callValidated("server.info"))
        #expect(info["credentials"]?["source"] == "simulator-key")
        #expect(!info.serialized().contains("Sim-Secret-7"))
        let regions = try Self.result(try await server.callValidated("regions.list"))
        #expect((regions["body"]?["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 0)
        // The demo pair is no longer accepted by a simulator given its own keys.
        let demo = try await server.call("regions.list", ["accessKeyId": "testid", "accessKeySecret": "testsecret"])
        #expect(demo["error"]?["data"]?["code"]?.stringValue?.hasPrefix("InvalidAccessKeyId") == true, "\(demo.serialized())")
        server.closeInput()
        _ = await server.waitForExit()
    }

    @Test("serve --simulator with real-cloud keys in the environment: they are skipped, calls without credentials work")
    func simulatorIgnoresEnvironmentKeys() async throws {
        let scratch = try CredentialsScratch()
        let environment = Self.environment(
            scratch, extra: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIrealKey000001", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "Real-Secret-1"])
        let server = try CredentialsChild(arguments: ["serve", "--simulator"], environment: environment)
        let info = try Self.result(try await server.callValidated("server.info"))
        #expect(info["credentials"]?["source"] == "simulator-demo")
        _ = try Self.result(try await server.callValidated("regions.list"))
        server.closeInput()
        _ = await server.waitForExit()
        // Without --simulator the environment is used.
        let real = try CredentialsChild(arguments: ["serve"], environment: environment)
        #expect(try Self.result(try await real.callValidated("server.info"))["credentials"]?["source"] == "environment")
        real.closeInput()
        _ = await real.waitForExit()
    }

    @Test("credentials.* over JSON-RPC: defaults, error codes, and an unsafe or corrupt store reported, never overwritten")
    func methodsAndErrors() async throws {
        let scratch = try CredentialsScratch()
        let server = try CredentialsChild(arguments: ["serve"], environment: Self.environment(scratch))
        let set = try Self.result(
            try await server.callValidated(
                "credentials.set",
                ["name": "work", "accessKeyId": "STS.LTAIstsKey00009", "accessKeySecret": "Sts-Secret-9", "securityToken": "Sts-Token-9",
                 "endpoint": "ecs.cn-beijing.aliyuncs.com", "makeDefault": true]))
        #expect(set["created"] == true)
        #expect(set["defaultProfile"] == "work")
        #expect(set["profile"]?["hasSecurityToken"] == true)
        #expect(set["profile"]?["endpoint"] == "ecs.cn-beijing.aliyuncs.com")
        let replaced = try Self.result(
            try await server.call("credentials.set", ["profile": "work", "accessKeyId": "LTAIstsKey0000010", "accessKeySecret": "Sts-Secret-10"]))
        #expect(replaced["created"] == false)
        #expect(try Self.result(try await server.callValidated("credentials.setDefault", ["name": .null]))["defaultProfile"] == .null)

        let badName = try await server.call("credentials.set", ["name": "a b", "accessKeyId": "x", "accessKeySecret": "Bad-Secret-11"])
        #expect(badName["error"]?["code"] == -32602)
        #expect(badName["error"]?["data"]?["parameter"] == "name")
        let missingSecret = try await server.call("credentials.set", ["name": "ab", "accessKeyId": "x"])
        #expect(missingSecret["error"]?["data"]?["parameter"] == "accessKeySecret")
        let badEndpoint = try await server.call(
            "credentials.set", ["name": "ab", "accessKeyId": "x", "accessKeySecret": "y", "endpoint": "https://user@host/path?q"])
        #expect(badEndpoint["error"]?["data"]?["parameter"] == "endpoint")
        let unknownParameter = try await server.call("credentials.list", ["verbose": true])
        #expect(unknownParameter["error"]?["code"] == -32602)
        let unknownProfile = try await server.call("credentials.setDefault", ["name": "ghost"])
        #expect(unknownProfile["error"]?["code"] == -32602)
        #expect(unknownProfile["error"]?["message"]?.stringValue?.contains("ghost") == true)

        let file = scratch.path + "/config/credentials.json"
        chmod(file, 0o644)
        let exposed = try await server.call("credentials.list")
        #expect(exposed["error"]?["code"] == -32004)
        #expect(exposed["error"]?["message"]?.stringValue?.contains("chmod 600 \(file)") == true)
        #expect(try await server.call("credentials.set", ["name": "more", "accessKeyId": "x", "accessKeySecret": "y"])["error"]?["code"] == -32004)
        chmod(file, 0o600)
        #expect(try await server.call("credentials.list")["result"] != nil)

        let garbage = Array("{\"version\": 1, \"profiles\": [ truncated".utf8)
        #expect(FileManager.default.createFile(atPath: file, contents: Data(garbage), attributes: [.posixPermissions: 0o600]))
        let corrupt = try await server.call("credentials.set", ["name": "more", "accessKeyId": "x", "accessKeySecret": "y"])
        #expect(corrupt["error"]?["code"] == -32004)
        #expect(corrupt["error"]?["message"]?.stringValue?.contains("corrupt") == true)
        #expect(FileManager.default.contents(atPath: file).map(Array.init) == garbage)
        for response in [set, replaced, badName, missingSecret, exposed, corrupt] {
            #expect(!response.serialized().contains("Sts-Secret") && !response.serialized().contains("Sts-Token"))
            #expect(!response.serialized().contains("Bad-Secret-11"))
        }
        server.closeInput()
        _ = await server.waitForExit()
    }

    @Test(
        "over a socket, a peer admitted with --allow-uid may not use the credentials methods",
        .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/socat")))
    func otherUserRefused() async throws {
        let scratch = try CredentialsScratch()
        chmod(scratch.path, 0o755)
        let socket = scratch.path + "/ecsrpc.sock"
        let server = try CredentialsChild(
            arguments: ["serve", "--socket", socket, "--allow-uid", "65534"], environment: Self.environment(scratch))
        // The server logs server.started once the socket listens.
        while let line = await server.nextErrorLine(), !line.contains("server.started") {}
        chmod(socket, 0o666)
        let requests = #"{"jsonrpc":"2.0","id":1,"method":"credentials.list"}"# + "\n" + #"{"jsonrpc":"2.0","id":2,"method":"ping"}"# + "\n"
        func ask(as user: [String]) async throws -> [Int: JSONValue] {
            let client = try CredentialsChild(
                executable: user.isEmpty ? "/usr/bin/socat" : "/usr/bin/setpriv",
                arguments: user + (user.isEmpty ? [] : ["/usr/bin/socat"]) + ["-", "UNIX-CONNECT:" + socket],
                environment: ["PATH": "/usr/bin:/bin"])
            client.write(requests)
            var answers: [Int: JSONValue] = [:]
            while answers.count < 2, let line = await client.nextLine() {
                let answer = try JSONValue.parse(line)
                if let id = answer["id"]?.intValue { answers[id] = answer }
            }
            client.closeInput()
            _ = await client.waitForExit()
            return answers
        }
        let stranger = try await ask(as: ["--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(stranger[2]?["result"] != nil, "the peer is admitted")
        #expect(stranger[1]?["error"]?["code"] == -32004)
        #expect(stranger[1]?["error"]?["message"]?.stringValue?.contains("server's own user") == true)
        let owner = try await ask(as: [])
        #expect(owner[1]?["result"]?["profiles"] == [])
        server.kill(SIGTERM)
        _ = await server.waitForExit()
    }

    @Test("SIGKILL while writing: the file always parses and holds every profile whose set was answered")
    func killWhileWriting() async throws {
        let scratch = try CredentialsScratch()
        let environment = Self.environment(scratch)
        var answered: Set<String> = []
        // Large profiles make each write long enough that some kills land in the middle of one.
        let bulkySecret = String(repeating: "k", count: 900)
        for round in 0..<12 {
            let server = try CredentialsChild(arguments: ["serve"], environment: environment)
            var batch = ""
            for index in 0..<40 {
                let request: JSONValue = [
                    "jsonrpc": "2.0", "id": .string("r\(round)-p\(index)"), "method": "credentials.set",
                    "params": ["name": .string("r\(round)-p\(index)"), "accessKeyId": "LTAIkill0000000001", "accessKeySecret": .string(bulkySecret)],
                ]
                batch += request.serialized() + "\n"
            }
            server.write(batch)
            let stopAfter = 1 + (round * 7) % 30
            var seen = 0
            while seen < stopAfter, let line = await server.nextLine() {
                let response = try JSONValue.parse(line)
                if response["result"] != nil, let id = response["id"]?.stringValue {
                    answered.insert(id)
                }
                seen += 1
            }
            server.kill(SIGKILL)
            _ = await server.waitForExit()
            for line in try await server.remainingLines() {
                // Answers that got out before the kill count too.
                if let response = try? JSONValue.parse(line), response["result"] != nil, let id = response["id"]?.stringValue {
                    answered.insert(id)
                }
            }
            let bytes = try #require(FileManager.default.contents(atPath: scratch.path + "/config/credentials.json"))
            let document = try JSONValue.parse(Array(bytes))
            let names = Set(document["profiles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
            #expect(answered.isSubset(of: names), "round \(round): lost \(answered.subtracting(names).sorted())")
        }
        #expect(answered.count >= 12)
    }

    @Test("two servers setting different profiles at once keep both sets")
    func twoServersAtOnce() async throws {
        let scratch = try CredentialsScratch()
        let environment = Self.environment(scratch)
        let servers = try (0..<2).map { _ in try CredentialsChild(arguments: ["serve"], environment: environment) }
        for (number, server) in servers.enumerated() {
            var batch = ""
            for index in 0..<25 {
                let request: JSONValue = [
                    "jsonrpc": "2.0", "id": .number(JSONNumber(index)), "method": "credentials.set",
                    "params": ["name": .string("s\(number)-\(index)"), "accessKeyId": "LTAItwo0000000001", "accessKeySecret": "two-secret"],
                ]
                batch += request.serialized() + "\n"
            }
            server.write(batch)
        }
        for server in servers {
            var results = 0
            for _ in 0..<25 {
                guard let line = await server.nextLine() else { break }
                if try JSONValue.parse(line)["result"] != nil { results += 1 }
            }
            #expect(results == 25)
            server.closeInput()
            _ = await server.waitForExit()
        }
        let bytes = try #require(FileManager.default.contents(atPath: scratch.path + "/config/credentials.json"))
        let names = try JSONValue.parse(Array(bytes))["profiles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.count == 50)
    }

    @Test("ecsrpc credentials add/list/default/remove read the secret from stdin and never print it")
    func terminalCommand() async throws {
        let scratch = try CredentialsScratch()
        let environment = Self.environment(scratch)
        let add = try CredentialsChild(
            arguments: ["credentials", "add", "work", "--access-key-id", "LTAI5tExampleKey3f2a", "--region", "cn-hangzhou", "--default"],
            environment: environment)
        add.write("Terminal-Secret-42\n")
        add.closeInput()
        let addStatus = await add.waitForExit()
        #expect(addStatus == 0)
        let list = try CredentialsChild(arguments: ["credentials", "list"], environment: environment)
        list.closeInput()
        #expect(await list.waitForExit() == 0)
        var listed = ""
        while let line = await list.nextLine() { listed += line + "\n" }
        #expect(listed.contains("LTAI****3f2a"))
        #expect(!listed.contains("Terminal-Secret-42"))
        #expect(!listed.contains("LTAI5tExampleKey3f2a"))
        let refused = try CredentialsChild(
            arguments: ["credentials", "add", "x", "--access-key-id", "a", "--access-key-secret", "s"], environment: environment)
        refused.closeInput()
        #expect(await refused.waitForExit() != 0)
        let remove = try CredentialsChild(arguments: ["credentials", "remove", "work"], environment: environment)
        remove.closeInput()
        #expect(await remove.waitForExit() == 0)
    }

    @Test(
        "ecsrpc credentials add refuses an endpoint that credentials.set refuses (plain http off loopback, a path)",
        arguments: ["http://ecs.example.com", "https://ecs.example.com/path", "ftp://127.0.0.1"])
    func terminalEndpointChecked(endpoint: String) async throws {
        let scratch = try CredentialsScratch()
        let add = try CredentialsChild(
            arguments: ["credentials", "add", "work", "--access-key-id", "LTAIworkKey000003", "--endpoint", endpoint],
            environment: Self.environment(scratch))
        add.write("Work-Secret-3\n")
        add.closeInput()
        #expect(await add.waitForExit() == 1)
        var errors = ""
        while let line = await add.nextErrorLine() { errors += line + "\n" }
        #expect(errors.contains("invalid endpoint"), "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/config/credentials.json"))
        let accepted = try CredentialsChild(
            arguments: ["credentials", "add", "work", "--access-key-id", "LTAIworkKey000003", "--endpoint", "http://127.0.0.1:9000"],
            environment: Self.environment(scratch))
        accepted.write("Work-Secret-3\n")
        accepted.closeInput()
        #expect(await accepted.waitForExit() == 0)
    }
}

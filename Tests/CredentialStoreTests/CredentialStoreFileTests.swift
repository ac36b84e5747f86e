import Foundation
import Testing

@testable import CredentialStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Credential store file")
struct CredentialStoreFileTests {
    let secret = "S3cr3tValue-never-shown-0123456789"

    func profile(_ name: String, region: String? = "cn-hangzhou") throws -> CredentialProfile {
        try CredentialProfile(
            name: name, accessKeyId: "LTAI5tExampleKey3f2a", accessKeySecret: secret, regionId: region)
    }

    @Test("a missing store reads as empty and creates nothing")
    func missingStoreIsEmpty() throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.file("config/ecsrpc"))
        #expect(try store.load() == StoredCredentials())
        #expect(!FileManager.default.fileExists(atPath: temporary.file("config")))
    }

    @Test("set creates the directory 0700 and the file 0600, and the profile reads back")
    func modesOnDisk() throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.file("config/ecsrpc"))
        try store.set(profile("work"))
        #expect(fileMode(temporary.file("config")) == 0o700)
        #expect(fileMode(store.directory) == 0o700)
        #expect(fileMode(store.filePath) == 0o600)
        #expect(fileMode(store.lockPath) == 0o600)
        let stored = try store.load()
        #expect(stored.profileNames == ["work"])
        #expect(stored.profile(named: "work")?.credentials.accessKeySecret == secret)
        #expect(stored.profile(named: "work")?.regionId == "cn-hangzhou")
        #expect(directoryEntries(store.directory) == ["credentials.json", "credentials.json.lock"])
    }

    @Test("a file others can read is refused, with the chmod that fixes it", arguments: [0o644, 0o640, 0o604, 0o660])
    func insecureFileRefused(mode: Int) throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.path)
        try store.set(profile("work"))
        chmod(store.filePath, mode_t(mode))
        let before = temporary.read("credentials.json")
        let error = #expect(throws: CredentialStoreError.self) { try store.load() }
        #expect(error == .insecureFilePermissions(path: store.filePath, mode: UInt32(0o100000 | mode)))
        #expect(error?.description.contains("chmod 600 \(store.filePath)") == true)
        #expect(throws: CredentialStoreError.self) { try store.set(profile("other")) }
        #expect(temporary.read("credentials.json") == before)
        chmod(store.filePath, 0o600)
        #expect(try store.load().profileNames == ["work"])
    }

    @Test("a directory others can write to is refused for writing")
    func insecureDirectoryRefused() throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path + "/open"
        mkdir(directory, 0o700)
        chmod(directory, 0o777)
        let store = CredentialStore(directory: directory)
        let error = #expect(throws: CredentialStoreError.self) { try store.set(profile("work")) }
        #expect(error?.description.contains("chmod 700 \(directory)") == true)
        #expect(directoryEntries(directory).isEmpty)
    }

    @Test(
        "a corrupt file is reported and left untouched",
        arguments: [
            "not json at all {",
            "",
            "[]",
            #"{"version": 2, "profiles": []}"#,
            #"{"version": 1}"#,
            #"{"version": 1, "profiles": [{"name": "a", "accessKeyId": "LTAIxxxxxxxx1234"}]}"#,
            #"{"version": 1, "profiles": [{"name": "a", "accessKeyId": "LTAIxx", "accessKeySecret": "has space S3cr3t"}]}"#,
            #"{"version": 1, "profiles": [{"name": "a", "accessKeyId": "k", "accessKeySecret": "s"}, {"name": "a", "accessKeyId": "k", "accessKeySecret": "s"}]}"#,
            #"{"version": 1, "defaultProfile": "b", "profiles": [{"name": "a", "accessKeyId": "k", "accessKeySecret": "s"}]}"#,
        ])
    func corruptFileReported(contents: String) throws {
        let temporary = TemporaryDirectory()
        temporary.write(contents, to: "credentials.json")
        let store = CredentialStore(directory: temporary.path)
        let error = #expect(throws: CredentialStoreError.self) { try store.load() }
        guard case .corruptFile(let path, _)? = error else {
            Issue.record("expected corruptFile, got \(String(describing: error))")
            return
        }
        #expect(path == store.filePath)
        #expect(error?.description.contains("S3cr3t") == false)
        #expect(throws: CredentialStoreError.self) { try store.set(profile("work")) }
        #expect(throws: CredentialStoreError.self) { try store.delete(named: "a") }
        #expect(throws: CredentialStoreError.self) { try store.setDefault(named: nil) }
        #expect(temporary.read("credentials.json") == Array(contents.utf8))
    }

    @Test("every truncation of a store file is reported as corrupt, never read as fewer profiles")
    func truncationsAreCorrupt() throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.path)
        try store.set(profile("a"), makeDefault: true)
        let whole = try #require(temporary.read("credentials.json"))
        let full = try store.load()
        let torn = TemporaryDirectory()
        for length in 0..<whole.count {
            torn.write(String(decoding: whole.prefix(length), as: UTF8.self), to: "credentials.json")
            do {
                // Only dropping trailing whitespace leaves a valid file, and then it must be the whole store.
                #expect(try CredentialStore(directory: torn.path).load() == full, "length \(length)")
            } catch {
                guard case .corruptFile = error else {
                    Issue.record("length \(length): \(error)")
                    continue
                }
            }
        }
    }

    @Test("writes replace the file by rename and leave no temp files; stale temp files are cleaned")
    func atomicReplacement() throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.path)
        try store.set(profile("one"))
        var first = stat()
        stat(store.filePath, &first)
        temporary.write("partial garbage", to: ".credentials.json.tmp.99999.abc")
        try store.set(profile("two"))
        var second = stat()
        stat(store.filePath, &second)
        #expect(first.st_ino != second.st_ino)
        #expect(directoryEntries(temporary.path) == ["credentials.json", "credentials.json.lock"])
        #expect(try store.load().profileNames == ["one", "two"])
    }

    @Test("set replaces, delete removes, the default follows")
    func setDeleteDefault() throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.path)
        try store.set(profile("work"))
        try store.set(profile("home"), makeDefault: true)
        #expect(try store.load().defaultProfileName == "home")
        try store.set(profile("work", region: "us-west-1"))
        #expect(try store.load().profile(named: "work")?.regionId == "us-west-1")
        #expect(try store.load().profiles.count == 2)
        try store.setDefault(named: "work")
        #expect(try store.load().defaultProfile?.name == "work")
        let missing = #expect(throws: CredentialStoreError.self) { try store.setDefault(named: "nope") }
        #expect(missing == .profileNotFound(name: "nope", available: ["home", "work"]))
        try store.delete(named: "work")
        let stored = try store.load()
        #expect(stored.profileNames == ["home"])
        #expect(stored.defaultProfileName == nil)
        #expect(throws: CredentialStoreError.profileNotFound(name: "work", available: ["home"])) {
            try store.delete(named: "work")
        }
    }

    @Test("the file holds what was set, in the documented shape")
    func fileShape() throws {
        let temporary = TemporaryDirectory()
        let store = CredentialStore(directory: temporary.path)
        try store.set(
            CredentialProfile(
                name: "sts", accessKeyId: "STS.key", accessKeySecret: "sec", securityToken: "tok",
                endpoint: "ecs.cn-hangzhou.aliyuncs.com"), makeDefault: true)
        let bytes = try #require(temporary.read("credentials.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["defaultProfile"] as? String == "sts")
        let profiles = try #require(object["profiles"] as? [[String: Any]])
        #expect(profiles.first?["securityToken"] as? String == "tok")
        #expect(profiles.first?["endpoint"] as? String == "ecs.cn-hangzhou.aliyuncs.com")
        #expect(profiles.first?["regionId"] == nil)
    }

    @Test("eight threads setting different profiles at once keep all of them")
    func concurrentThreadsKeepEveryProfile() async throws {
        let temporary = TemporaryDirectory()
        let directory = temporary.path + "/store"
        let secret = self.secret
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let store = CredentialStore(directory: directory)
                    try await store.perform { store throws(CredentialStoreError) in
                        for index in 0..<10 {
                            try store.set(
                                CredentialProfile(
                                    name: "w\(writer)-\(index)", accessKeyId: "LTAIkey\(writer)\(index)",
                                    accessKeySecret: secret))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try CredentialStore(directory: directory).load().profiles.count == 80)
    }

    @Test("profile names and fields are validated without echoing secrets")
    func validation() {
        #expect(throws: CredentialStoreError.self) { try CredentialProfile(name: "", accessKeyId: "a", accessKeySecret: "b") }
        #expect(throws: CredentialStoreError.self) { try CredentialProfile(name: "a/b", accessKeyId: "a", accessKeySecret: "b") }
        #expect(throws: CredentialStoreError.self) { try CredentialProfile(name: ".x", accessKeyId: "a", accessKeySecret: "b") }
        #expect(throws: CredentialStoreError.self) { try CredentialProfile(name: "ok", accessKeyId: "", accessKeySecret: "b") }
        let error = #expect(throws: CredentialStoreError.self) {
            try CredentialProfile(name: "ok", accessKeyId: "a", accessKeySecret: "bad secret\n")
        }
        #expect(error == .invalidField(field: "accessKeySecret", reason: "must not contain spaces or control characters"))
        #expect(throws: CredentialStoreError.self) {
            try CredentialProfile(name: "ok", accessKeyId: "a", accessKeySecret: "b", regionId: "CN Hangzhou")
        }
    }

    @Test("descriptions, debug descriptions and dumps never show the secret or token")
    func noSecretInDescriptions() throws {
        let profile = try CredentialProfile(
            name: "work", accessKeyId: "LTAI5tExampleKey3f2a", accessKeySecret: secret, securityToken: "TokenXYZ123")
        var dumped = ""
        dump(profile, to: &dumped)
        dump(profile.credentials, to: &dumped)
        let texts = [
            "\(profile)", String(reflecting: profile), "\(profile.credentials)", String(reflecting: profile.credentials),
            dumped, "\(StoredCredentials(profiles: [profile]))",
        ]
        for text in texts {
            #expect(!text.contains(secret))
            #expect(!text.contains("TokenXYZ123"))
            #expect(!text.contains("LTAI5tExampleKey3f2a"))
        }
        #expect("\(profile)".contains("LTAI****3f2a"))
    }

    @Test("masking keeps four characters at each end of long ids only")
    func masking() {
        #expect(AccessKeyMask.mask("LTAI5tExampleKey3f2a") == "LTAI****3f2a")
        #expect(AccessKeyMask.mask("LTAI12343f2a") == "LTAI****3f2a")
        #expect(AccessKeyMask.mask("testid") == "****")
        #expect(AccessKeyMask.mask("") == "****")
    }

    @Test("the default location follows ECSRPC_CONFIG_DIR, then XDG_CONFIG_HOME, then HOME")
    func defaultLocation() {
        #expect(CredentialStore.defaultDirectory(environment: ["ECSRPC_CONFIG_DIR": "/a", "XDG_CONFIG_HOME": "/b", "HOME": "/c"]) == "/a")
        #expect(CredentialStore.defaultDirectory(environment: ["XDG_CONFIG_HOME": "/b", "HOME": "/c"]) == "/b/ecsrpc")
        #expect(CredentialStore.defaultDirectory(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/c"]) == "/c/.config/ecsrpc")
        #expect(CredentialStore.defaultDirectory(environment: ["HOME": "/c"]) == "/c/.config/ecsrpc")
        #expect(CredentialStore.defaultDirectory(environment: [:]) == nil)
        #expect(throws: CredentialStoreError.noConfigurationDirectory) { try CredentialStore(environment: [:]) }
    }
}

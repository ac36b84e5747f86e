import ECSClient
import Testing

@Suite("serve flags of the ECS client")
struct ECSClientFlagsTests {
    @Test("the client's flags are taken out, the others are left in order")
    func extract() throws {
        let (flags, remaining) = try ECSClientFlags.extract(from: [
            "--socket", "/tmp/s", "--endpoint", "http://127.0.0.1:9000", "--signature=acs3", "--connect-timeout", "0.5",
            "--read-timeout=2", "--max-retries", "5", "--log-level", "debug",
        ])
        #expect(remaining == ["--socket", "/tmp/s", "--log-level", "debug"])
        #expect(flags.endpoint?.baseURL == "http://127.0.0.1:9000")
        #expect(flags.signatureVersion == .acs3)
        #expect(flags.connectTimeout == .milliseconds(500))
        #expect(flags.readTimeout == .seconds(2))
        #expect(flags.maxRetries == 5)
        let configuration = flags.clientConfiguration()
        #expect(configuration.attemptTimeout == .milliseconds(2500))
        #expect(configuration.retryPolicy.maxRetries == 5)
    }

    @Test("--ca-file must be readable at start-up and reaches the client configuration")
    func caFile() throws {
        let (flags, _) = try ECSClientFlags.extract(from: ["--ca-file", tlsFixture("ca.pem")])
        #expect(flags.clientConfiguration().trustedCertificatesFile == tlsFixture("ca.pem"))
        #expect(throws: ECSClientFlagsError.unusableValue(flag: "--ca-file", value: "/nonexistent/ca.pem", reason: "cannot read it (No such file or directory)")) {
            try ECSClientFlags.extract(from: ["--ca-file", "/nonexistent/ca.pem"])
        }
    }

    @Test("--ca-file that holds no PEM certificate (a key, a directory) is refused at start-up, not at the first call")
    func caFileWithoutCertificate() throws {
        let noCertificate = "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        for path in [tlsFixture("server.key"), tlsFixture("make-fixtures.sh")] {
            #expect(throws: ECSClientFlagsError.unusableValue(flag: "--ca-file", value: path, reason: noCertificate)) {
                try ECSClientFlags.extract(from: ["--ca-file", path])
            }
        }
        let directory = tlsFixture("ca.pem").split(separator: "/").dropLast().joined(separator: "/")
        #expect(throws: ECSClientFlagsError.self) { try ECSClientFlags.extract(from: ["--ca-file", "/" + directory]) }
        #expect(try ECSClientFlags.extract(from: ["--ca-file", tlsFixture("server.pem")]).options.trustedCertificatesFile != nil)
    }

    @Test("--simulator is a switch; defaults are v1, 5 s, 10 s, 3 retries")
    func defaults() throws {
        let (flags, remaining) = try ECSClientFlags.extract(from: ["--simulator"])
        #expect(remaining.isEmpty)
        #expect(flags.simulator)
        #expect(flags.signatureVersion == .rpcV1)
        #expect(flags.connectTimeout == .seconds(5))
        #expect(flags.readTimeout == .seconds(10))
        #expect(flags.maxRetries == 3)
    }

    @Test("bad values are refused with what was expected", arguments: [
        ["--signature", "v2"], ["--endpoint", "http://example.com"], ["--read-timeout", "0"], ["--max-retries", "x"],
        ["--endpoint"], ["--simulator", "--endpoint", "127.0.0.1:1"],
    ])
    func refused(arguments: [String]) {
        #expect(throws: ECSClientFlagsError.self) { try ECSClientFlags.extract(from: arguments) }
    }

    @Test("a refused --endpoint says why in plain words")
    func endpointMessage() {
        var flags = ECSClientFlags()
        #expect {
            try flags.apply(flag: "--endpoint", value: "http://example.com")
        } throws: { error in
            String(describing: error) == "invalid value \"http://example.com\" for --endpoint: "
                + "plain http is only allowed to loopback hosts; use https"
        }
    }
}

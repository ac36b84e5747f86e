import Foundation
import JSON
import TestSupport
import Testing

/// The test certificates in `Fixtures/` (copied from ECSClientTests' `TLS/`; server.pem names 127.0.0.1, ::1, localhost).
private func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// `ecsrpc simulate --tls-certificate … --tls-key …` driven by `ecsrpc serve --endpoint https://…` through the binaries.
@Suite("stand-alone simulator over HTTPS end to end")
struct SimulatorHTTPSEndToEndTests {
    static let tlsFlags = ["--tls-certificate", fixture("server.pem"), "--tls-key", fixture("server.key")]
    static let beijing: JSONObject = ["regionId": "cn-beijing"]

    @Test("serve --endpoint https://… --ca-file lists regions, creates and lists an instance over HTTPS")
    func lifecycleOverHTTPS() async throws {
        let simulator = try await ECSMethodsSimulator(Self.tlsFlags)
        defer { simulator.stop() }
        #expect(simulator.scheme == "https")
        let server = try await ECSMethodsProcess(serve: ["--endpoint", simulator.endpoint, "--ca-file", fixture("ca.pem")])
        defer { server.stop() }

        let regions = try await server.result("regions.list", seedKeys)
        #expect((regions["body"]?["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 10)

        let create = merged(
            merged(seedKeys, Self.beijing),
            [
                "imageId": "debian_10_12_x64_20G_alibase_20220328.vhd", "instanceType": "ecs.t1.xsmall", "instanceName": "tls",
                "amount": 1, "password": "Test1234!",
            ])
        let created = try await server.result("instances.create", create)
        let ids = created["body"]?["InstanceIdSets"]?["InstanceIdSet"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(ids.count == 1)
        let id = try #require(ids.first)

        let listed = try await server.result(
            "instances.list", merged(merged(seedKeys, Self.beijing), ["instanceIds": [.string(id)]]))
        let instances = listed["body"]?["Instances"]?["Instance"]?.arrayValue ?? []
        #expect(instances.map { $0["InstanceId"]?.stringValue } == [id])
        #expect(instances.first?["InstanceName"] == "tls")
    }

    @Test("without --ca-file the call fails with -32002 naming the certificate problem")
    func untrustedWithoutCAFile() async throws {
        let simulator = try await ECSMethodsSimulator(Self.tlsFlags)
        defer { simulator.stop() }
        let server = try await ECSMethodsProcess(serve: ["--endpoint", simulator.endpoint, "--max-retries", "0"])
        defer { server.stop() }
        let error = try await server.error("regions.list", seedKeys)
        #expect(error["code"] == -32002)
        #expect(error["data"]?["kind"] == "tls")
        let message = error["message"]?.stringValue ?? ""
        #expect(message.contains("certificate of 127.0.0.1 not accepted"))
        #expect(message.contains("unable to get local issuer certificate"))
    }

    @Test("plain http:// to the HTTPS simulator is an ECS error saying HTTPS is required")
    func plainHTTPToHTTPSPort() async throws {
        let simulator = try await ECSMethodsSimulator(Self.tlsFlags)
        defer { simulator.stop() }
        let server = try await ECSMethodsProcess(serve: [
            "--endpoint", "http://127.0.0.1:\(simulator.port)", "--max-retries", "0",
        ])
        defer { server.stop() }
        let error = try await server.error("regions.list", seedKeys)
        #expect(error["code"] == -32001)
        #expect(error["data"]?["code"] == "HTTPSRequired")
        #expect(error["data"]?["httpStatus"] == 400)
    }

    @Test(
        "a missing, unreadable or mismatched certificate and key pair is a usage error (exit 64) at start-up",
        arguments: [
            (["--tls-certificate", fixture("server.pem")], "--tls-key is missing"),
            (["--tls-key", fixture("server.key")], "--tls-certificate is missing"),
            (["--tls-certificate", fixture("absent.pem"), "--tls-key", fixture("server.key")], "cannot read the TLS certificate"),
            (["--tls-certificate", fixture("server.pem"), "--tls-key", fixture("absent.key")], "cannot read the TLS key"),
            (["--tls-certificate", fixture("server.pem"), "--tls-key", fixture("untrusted.key")], "does not belong to the certificate"),
            (["--tls-certificate", fixture("server.key"), "--tls-key", fixture("server.key")], "no usable PEM certificate"),
        ])
    func badPairs(arguments: [String], reason: String) async throws {
        let process = try ServerProcess.launch(["simulate", "--listen", "127.0.0.1:0"] + arguments, testMethods: false)
        process.closeInput()
        let status = try await process.waitForExit(timeout: .seconds(60))
        #expect(status == 64)
        #expect(try await process.remainingLines().isEmpty)
        let errors = process.stderrLines().joined(separator: "\n")
        #expect(errors.hasPrefix("ecsrpc simulate: "))
        #expect(errors.contains(reason))
    }

    @Test("simulate --help documents the TLS flags")
    func help() async throws {
        let process = try ServerProcess.launch(["simulate", "--help"], testMethods: false)
        process.closeInput()
        #expect(try await process.waitForExit(timeout: .seconds(60)) == 0)
        let text = try await process.remainingLines().joined(separator: "\n")
        #expect(text.contains("--tls-certificate PEM") && text.contains("--tls-key PEM"))
    }
}

import ECSSimulator
import Foundation
import JSON
import Synchronization
import Testing

/// A gateway clock the test moves.
final class MovableTime: Sendable {
    private let current = Mutex(Date())
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite("Simulated STS AssumeRole and its temporary keys")
struct STSSimulatorTests {
    static let role = "acs:ram::1234567890123456:role/ops"

    static func assume(_ simulator: SimulatorHarness, signer: TestSigner = TestSigner(), at time: Date = Date(),
        _ parameters: [String: String] = ["RoleArn": role, "RoleSessionName": "alice"]) async throws -> (Int, JSONValue)
    {
        let (response, body) = try await simulator.call(signer.rpc("AssumeRole", parameters, timestamp: time, version: "2015-04-01"))
        return (response.status, body)
    }

    static func temporarySigner(_ body: JSONValue) throws -> (TestSigner, String) {
        let credentials = try #require(body["Credentials"])
        let signer = TestSigner(
            accessKeyID: try #require(credentials["AccessKeyId"]?.stringValue),
            secret: try #require(credentials["AccessKeySecret"]?.stringValue))
        return (signer, try #require(credentials["SecurityToken"]?.stringValue))
    }

    @Test("AssumeRole answers the documented shape with an STS. key, a token and the Expiration")
    func assumeRole() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let started = Date()
        let (status, body) = try await Self.assume(
            simulator,
            [
                "RoleArn": Self.role, "RoleSessionName": "alice", "DurationSeconds": "900", "ExternalId": "abc-123",
                "Policy": #"{"Version": "1", "Statement": []}"#,
            ])
        #expect(status == 200)
        #expect(body["RequestId"]?.stringValue?.isEmpty == false)
        #expect(body["AssumedRoleUser"]?["Arn"]?.stringValue == Self.role + "/alice")
        #expect(body["AssumedRoleUser"]?["AssumedRoleId"]?.stringValue?.hasSuffix(":alice") == true)
        let credentials = try #require(body["Credentials"])
        #expect(credentials["AccessKeyId"]?.stringValue?.hasPrefix("STS.") == true)
        #expect((credentials["AccessKeySecret"]?.stringValue?.count ?? 0) > 20)
        #expect((credentials["SecurityToken"]?.stringValue?.count ?? 0) > 100)
        let expiration = try #require(credentials["Expiration"]?.stringValue)
        let formatter = ISO8601DateFormatter()
        let date = try #require(formatter.date(from: expiration))
        #expect(date.timeIntervalSince(started) > 890 && date.timeIntervalSince(started) < 960)
    }

    @Test("the temporary key works for ECS calls only with its own token, and answers Expired after Expiration")
    func temporaryKeyOnECS() async throws {
        let time = MovableTime()
        let simulator = try await SimulatorHarness.start { $0.gateway.clock = SimulatorClock { time.now } }
        defer { Task { await simulator.stop() } }
        let (_, body) = try await Self.assume(simulator, at: time.now)
        let (signer, token) = try Self.temporarySigner(body)

        let (ok, regions) = try await simulator.call(signer.rpc("DescribeRegions", ["SecurityToken": token], timestamp: time.now))
        #expect(ok.status == 200)
        #expect((regions["Regions"]?["Region"]?.arrayValue?.count ?? 0) > 0)

        let (missing, missingBody) = try await simulator.call(signer.rpc("DescribeRegions", timestamp: time.now))
        #expect(missing.status == 400)
        #expect(missingBody["Code"] == "MissingSecurityToken")

        let (wrong, wrongBody) = try await simulator.call(
            signer.rpc("DescribeRegions", ["SecurityToken": "CAISmadeUp"], timestamp: time.now))
        #expect(wrong.status == 400)
        #expect(wrongBody["Code"] == "InvalidSecurityToken.MismatchWithAccessKey")
        #expect(!wrong.text.contains(token))

        // Role chaining: the temporary key may assume a role itself.
        let (chained, _) = try await simulator.call(
            signer.rpc("AssumeRole", ["RoleArn": Self.role, "RoleSessionName": "bob", "SecurityToken": token],
                timestamp: time.now, version: "2015-04-01"))
        #expect(chained.status == 200)

        time.advance(3601)
        let (expired, expiredBody) = try await simulator.call(
            signer.rpc("DescribeRegions", ["SecurityToken": token], timestamp: time.now))
        #expect(expired.status == 400)
        #expect(expiredBody["Code"] == "InvalidSecurityToken.Expired")

        let (unknown, unknownBody) = try await simulator.call(
            TestSigner(accessKeyID: "STS.neverIssued", secret: "x").rpc("DescribeRegions", ["SecurityToken": token], timestamp: time.now))
        #expect(unknown.status == 404)
        #expect(unknownBody["Code"] == "InvalidAccessKeyId.NotFound")
    }

    @Test("AssumeRole checks its parameters and its signature like any call")
    func parameterErrors() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let cases: [([String: String], String)] = [
            (["RoleSessionName": "alice"], "MissingParameter"),
            (["RoleArn": "arn:aws:iam::1:role/x", "RoleSessionName": "alice"], "InvalidParameter.RoleArn"),
            (["RoleArn": Self.role], "MissingParameter"),
            (["RoleArn": Self.role, "RoleSessionName": "a"], "InvalidParameter.RoleSessionName"),
            (["RoleArn": Self.role, "RoleSessionName": "alice", "DurationSeconds": "899"], "InvalidParameter.DurationSeconds"),
            (["RoleArn": Self.role, "RoleSessionName": "alice", "DurationSeconds": "43201"], "InvalidParameter.DurationSeconds"),
            (["RoleArn": Self.role, "RoleSessionName": "alice", "Policy": "{not json"], "InvalidParameter.PolicyGrammar"),
        ]
        for (parameters, code) in cases {
            let (status, body) = try await Self.assume(simulator, parameters)
            #expect(status == 400, "\(parameters)")
            #expect(body["Code"]?.stringValue == code, "\(parameters)")
        }
        let (status, body) = try await Self.assume(simulator, signer: TestSigner(accessKeyID: "testid", secret: "wrong"))
        #expect(status == 400)
        #expect(body["Code"] == "SignatureDoesNotMatch")
        // ECS actions are not STS actions, and the other way round.
        let (ecsStatus, ecsBody) = try await simulator.call(TestSigner().rpc("DescribeRegions", version: "2015-04-01"))
        #expect(ecsStatus.status == 404)
        #expect(ecsBody["Code"] == "InvalidAction.NotFound")
        let (stsStatus, _) = try await simulator.call(TestSigner().rpc("AssumeRole", ["RoleArn": Self.role, "RoleSessionName": "x1"]))
        #expect(stsStatus.status == 404)
    }
}

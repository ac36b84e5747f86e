import ECSSignature
import ECSSimulator
import Foundation
import JSON
import TestSupport
import Testing

/// Codes that mean the gateway refused the caller rather than the engine refusing the call.
private let authenticationFailures: Set<String> = [
    "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId.NotFound", "InvalidTimeStamp.Expired",
    "InvalidTimeStamp.Format", "SignatureNonceUsed",
]

private func passedAuthentication(_ body: JSONValue) -> Bool {
    guard let code = body["Code"]?.stringValue else { return true }
    if authenticationFailures.contains(code) { return false }
    if code == "MissingParameter", let message = body["Message"]?.stringValue {
        return !["AccessKeyId", "Signature", "Timestamp", "SignatureNonce", "SignatureMethod", "Action", "Version"]
            .contains { message.contains("\"\($0)\"") }
    }
    return true
}

private func vectors(_ file: String) throws -> [JSONValue] {
    try Fixtures.json(file)["vectors"]?.arrayValue ?? []
}

private func stringMap(_ value: JSONValue?) -> [String: String] {
    var map: [String: String] = [:]
    for (key, value) in value?.objectValue ?? JSONObject() { map[key] = value.stringValue ?? "" }
    return map
}

/// The raw request an RPC v1 vector describes, with the vector's (or a replaced) signature.
private func rpcRequest(_ vector: JSONValue, signature: String) -> String {
    var query = stringMap(vector["query_params"])
    query["Signature"] = signature
    let body = stringMap(vector["body_params"])
    let method = vector["http_method"]?.stringValue ?? "GET"
    let target = "/?" + TestSigner.formEncode(query, plusForSpace: false)
    if body.isEmpty { return TestSigner.raw(method: method, target: target, headers: [], body: "") }
    return TestSigner.raw(
        method: method, target: target, headers: ["Content-Type: application/x-www-form-urlencoded"],
        body: TestSigner.formEncode(body, plusForSpace: true))
}

private func acs3Request(_ vector: JSONValue, authorization: String) -> String {
    let headers = stringMap(vector["headers"])
    let query = stringMap(vector["query_params"])
    let target = query.isEmpty ? "/" : "/?" + TestSigner.formEncode(query, plusForSpace: true)
    return TestSigner.raw(
        method: vector["http_method"]?.stringValue ?? "POST", target: target,
        headers: headers.map { "\($0.key): \($0.value)" } + ["Authorization: \(authorization)"],
        body: vector["body"]?.stringValue ?? "")
}

private func harness(for vector: JSONValue, accessKeyID: String, timestamp: String) async throws -> SimulatorHarness {
    let secret = vector["access_key_secret"]?.stringValue ?? ""
    return try await SimulatorHarness.start { options in
        options.accessKeys = [AccessKeyPair(id: accessKeyID, secret: secret)]
        options.gateway.clock = .fixed(Fixtures.date(timestamp))
    }
}

@Suite("Signature checking against the SDK vectors")
struct SignatureVectorTests {
    @Test("every RPC v1 vector is accepted, and a wrong signature echoes the vector's string-to-sign")
    func rpcVectors() async throws {
        let all = try vectors("rpc-signature-v1.json")
        #expect(all.count == 12)
        // The documentation example spells the parameter `TimeStamp`, which real clients never send.
        for vector in all where vector["name"]?.stringValue != "doc-example-describe-regions" {
            let name = vector["name"]?.stringValue ?? "?"
            let query = stringMap(vector["query_params"])
            let simulator = try await harness(
                for: vector, accessKeyID: query["AccessKeyId"] ?? "", timestamp: query["Timestamp"] ?? "")
            let (_, good) = try await simulator.call(rpcRequest(vector, signature: vector["signature"]?.stringValue ?? ""))
            #expect(passedAuthentication(good), "\(name): \(good.serialized())")
            let (badResponse, bad) = try await simulator.call(rpcRequest(vector, signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA="))
            #expect(badResponse.status == 400, "\(name)")
            #expect(bad["Code"] == "SignatureDoesNotMatch", "\(name)")
            let expectedMessage = "Specified signature is not matched with our calculation. server string to sign is:"
                + (vector["string_to_sign"]?.stringValue ?? "")
            #expect(bad["Message"]?.stringValue == expectedMessage, "\(name)")
            await simulator.stop()
        }
    }

    @Test("every ACS3 vector is accepted, and a wrong signature echoes the vector's string-to-sign")
    func acs3Vectors() async throws {
        let all = try vectors("acs3-hmac-sha256.json")
        #expect(all.count == 8)
        for vector in all {
            let name = vector["name"]?.stringValue ?? "?"
            let headers = stringMap(vector["headers"])
            let simulator = try await harness(
                for: vector, accessKeyID: vector["access_key_id"]?.stringValue ?? "",
                timestamp: headers["x-acs-date"] ?? "")
            let (_, good) = try await simulator.call(
                acs3Request(vector, authorization: vector["authorization"]?.stringValue ?? ""))
            #expect(passedAuthentication(good), "\(name): \(good.serialized())")
            let wrong = ACS3Signature.authorization(
                accessKeyId: vector["access_key_id"]?.stringValue ?? "",
                signedHeaders: vector["signed_headers"]?.stringValue ?? "", signature: String(repeating: "0", count: 64))
            let (badResponse, bad) = try await simulator.call(acs3Request(vector, authorization: wrong))
            #expect(badResponse.status == 400, "\(name)")
            #expect(bad["Code"] == "SignatureDoesNotMatch", "\(name): \(bad.serialized())")
            #expect(
                bad["Message"]?.stringValue?.hasSuffix("server string to sign is:" + (vector["string_to_sign"]?.stringValue ?? ""))
                    == true, "\(name)")
            await simulator.stop()
        }
    }

    @Test("the SDKs' captured wire requests are accepted byte for byte")
    func wireExamples() async throws {
        let examples =
            (try Fixtures.json("rpc-signature-v1.json")["wire_examples"]?.arrayValue ?? [])
            + (try Fixtures.json("acs3-hmac-sha256.json")["wire_examples"]?.arrayValue ?? [])
        #expect(examples.count == 6)
        for example in examples {
            let label = example["label"]?.stringValue ?? "?"
            let simulator = try await SimulatorHarness.start { options in
                options.accessKeys = [
                    AccessKeyPair(
                        id: example["access_key_id"]?.stringValue ?? "",
                        secret: example["access_key_secret"]?.stringValue ?? "")
                ]
                options.gateway.clock = .fixed(Fixtures.date(example["fixed_timestamp"]?.stringValue ?? ""))
            }
            let headers = (example["headers"]?.arrayValue ?? []).compactMap(\.stringValue)
            var raw = (example["request_line"]?.stringValue ?? "") + "\r\n"
            for header in headers { raw += header + "\r\n" }
            raw += "\r\n" + (example["body"]?.stringValue ?? "")
            let (response, body) = try await simulator.call(raw)
            #expect(passedAuthentication(body), "\(label): \(body.serialized())")
            if label.contains("DescribeRegions") { #expect(response.status == 200, "\(label)") }
            await simulator.stop()
        }
    }
}

@Suite("Authentication rules")
struct AuthenticationTests {
    @Test("a wrong secret gets SignatureDoesNotMatch with the string-to-sign and never the secret", arguments: [false, true])
    func wrongSecret(acs3: Bool) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let signer = TestSigner(accessKeyID: "testid", secret: "not-the-secret")
        let (response, body) = try await simulator.call(
            acs3 ? signer.acs3("DescribeRegions") : signer.rpc("DescribeRegions"))
        #expect(response.status == 400)
        #expect(body["Code"] == "SignatureDoesNotMatch")
        let message = try #require(body["Message"]?.stringValue)
        #expect(message.contains("server string to sign is:"))
        #expect(!message.contains("testsecret") && !message.contains("not-the-secret"))
        #expect(!response.text.contains("testsecret"))
    }

    @Test("an unknown key gets InvalidAccessKeyId.NotFound 404", arguments: [false, true])
    func unknownKey(acs3: Bool) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let signer = TestSigner(accessKeyID: "nobody", secret: "whatever")
        let (response, body) = try await simulator.call(
            acs3 ? signer.acs3("DescribeRegions") : signer.rpc("DescribeRegions"))
        #expect(response.status == 404)
        #expect(body["Code"] == "InvalidAccessKeyId.NotFound")
        #expect(body["Message"] == "Specified access key is not found.")
    }

    @Test("a reused nonce gets SignatureNonceUsed 400; a fresh one passes", arguments: [false, true])
    func nonceReuse(acs3: Bool) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let signer = TestSigner()
        let request = acs3 ? signer.acs3("DescribeRegions", nonce: "fixed-nonce") : signer.rpc("DescribeRegions", nonce: "fixed-nonce")
        let (first, _) = try await simulator.call(request)
        #expect(first.status == 200)
        let (second, body) = try await simulator.call(request)
        #expect(second.status == 400)
        #expect(body["Code"] == "SignatureNonceUsed")
        let (third, _) = try await simulator.call(signer.rpc("DescribeRegions"))
        #expect(third.status == 200)
    }

    @Test("nonces are per key: another account may use the same nonce")
    func noncePerKey() async throws {
        let simulator = try await SimulatorHarness.start { options in
            options.accessKeys = [AccessKeyPair(id: "a", secret: "sa"), AccessKeyPair(id: "b", secret: "sb")]
        }
        defer { Task { await simulator.stop() } }
        let (first, _) = try await simulator.call(TestSigner(accessKeyID: "a", secret: "sa").rpc("DescribeRegions", nonce: "n1"))
        let (second, _) = try await simulator.call(TestSigner(accessKeyID: "b", secret: "sb").rpc("DescribeRegions", nonce: "n1"))
        #expect(first.status == 200 && second.status == 200)
    }

    @Test("timestamps more than 15 minutes away are refused", arguments: [-16 * 60.0, 16 * 60.0])
    func skew(offset: Double) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (response, body) = try await simulator.call(
            TestSigner().rpc("DescribeRegions", timestamp: Date().addingTimeInterval(offset)))
        #expect(response.status == 400)
        #expect(body["Code"] == "InvalidTimeStamp.Expired")
        let (near, _) = try await simulator.call(TestSigner().rpc("DescribeRegions", timestamp: Date().addingTimeInterval(offset / 4)))
        #expect(near.status == 200)
    }

    @Test("a malformed timestamp is refused")
    func malformedTimestamp() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let raw = TestSigner.raw(
            method: "GET",
            target: "/?Action=DescribeRegions&Version=2014-05-26&AccessKeyId=testid&SignatureMethod=HMAC-SHA1"
                + "&SignatureVersion=1.0&SignatureNonce=x&Timestamp=yesterday&Signature=abc",
            headers: [], body: "")
        let (response, body) = try await simulator.call(raw)
        #expect(response.status == 400)
        #expect(body["Code"] == "InvalidTimeStamp.Format")
    }

    @Test("missing common parameters are named", arguments: ["AccessKeyId", "Signature", "SignatureNonce", "Timestamp"])
    func missingCommon(name: String) async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        var query = [
            "Action": "DescribeRegions", "Version": "2014-05-26", "AccessKeyId": "testid", "Signature": "x",
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "n", "Timestamp": TestSigner.timestamp(Date()),
        ]
        query.removeValue(forKey: name)
        let (response, body) = try await simulator.call(
            TestSigner.raw(method: "GET", target: "/?" + TestSigner.formEncode(query, plusForSpace: false), headers: [], body: ""))
        #expect(response.status == 400)
        #expect(body["Code"] == "MissingParameter")
        #expect(body["Message"]?.stringValue?.contains("\"\(name)\"") == true)
    }

    @Test("SecurityToken is accepted (query and x-acs-security-token)")
    func securityToken() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (rpc, _) = try await simulator.call(TestSigner().rpc("DescribeRegions", ["SecurityToken": "CAIS+token/=="]))
        #expect(rpc.status == 200)
        let (acs3, _) = try await simulator.call(
            TestSigner().acs3("DescribeRegions", extraSignedHeaders: ["x-acs-security-token": "CAIS+token/=="]))
        #expect(acs3.status == 200)
    }

    @Test("a tampered signed header or body hash is refused")
    func tampering() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let request = TestSigner().acs3("DescribeRegions")
        let tampered = request.replacingOccurrences(of: "accept: application/json", with: "accept: text/xml")
        let (response, body) = try await simulator.call(tampered)
        #expect(response.status == 400)
        #expect(body["Code"] == "SignatureDoesNotMatch")
        let badHash = TestSigner().acs3("DescribeRegions").replacingOccurrences(of: "e3b0c442", with: "00000000")
        let (_, hashBody) = try await simulator.call(badHash)
        #expect(hashBody["Code"] == "IncompleteSignature")
    }
}

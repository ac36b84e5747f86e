import ECSClient
import ECSSignature
import Foundation
import JSON
import Testing

/// Loads a signature vector file copied into this test target from `shared/vectors`.
func loadVectors(_ name: String) throws -> JSONValue {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/\(name)")
    return try JSONValue.parse(Array(try Data(contentsOf: url)))
}

func stringMap(_ value: JSONValue?) -> [String: String] {
    var map: [String: String] = [:]
    for (key, member) in value?.objectValue ?? JSONObject() { map[key] = member.stringValue ?? "" }
    return map
}

/// The query of a signed URL, decoded.
func queryParameters(of url: String) -> [String: String] {
    var map: [String: String] = [:]
    for item in URLComponents(string: url)?.queryItems ?? [] { map[item.name] = item.value ?? "" }
    return map
}

@Suite("Signing against the shared vectors")
struct SignatureVectorTests {
    @Test("every RPC v1 vector's signature is reproduced")
    func rpcVectors() throws {
        let vectors = try #require(try loadVectors("rpc-signature-v1.json")["vectors"]?.arrayValue)
        #expect(vectors.count >= 12)
        for vector in vectors {
            let signature = RPCSignature.signature(
                httpMethod: vector["http_method"]?.stringValue ?? "", parameters: stringMap(vector["signed_params"]),
                accessKeySecret: vector["access_key_secret"]?.stringValue ?? "")
            #expect(signature == vector["signature"]?.stringValue, "\(vector["name"]?.stringValue ?? "")")
        }
    }

    @Test("the signer builds the Tea SDK's RPC v1 StartInstances request exactly")
    func signerReproducesTeaV2Vector() throws {
        let vectors = try #require(try loadVectors("rpc-signature-v1.json")["vectors"]?.arrayValue)
        let vector = try #require(vectors.first { $0["name"]?.stringValue == "start-instances-post-tea-v2-style" })
        let signed = stringMap(vector["signed_params"])
        let business = ["DryRun": "True", "InstanceId.1": "i-bp1aaaaaaaaaaaaaaaaa", "InstanceId.2": "i-bp1bbbbbbbbbbbbbbbbb", "RegionId": "cn-hangzhou"]
        let signer = RequestSigner(signatureVersion: .rpcV1, format: "json")
        let message = signer.sign(
            action: "StartInstances", parameters: business, endpoint: try ECSEndpoint(parsing: "127.0.0.1:9000"),
            credentials: testCredentials, timestamp: signed["Timestamp"] ?? "", nonce: signed["SignatureNonce"] ?? "")
        var sent = queryParameters(of: message.url)
        #expect(sent.removeValue(forKey: "Signature") == vector["signature"]?.stringValue)
        #expect(sent == signed)
        #expect(message.method == "POST")
        #expect(message.url.hasPrefix("http://127.0.0.1:9000/?"))
        #expect(message.url.hasSuffix("&Signature=" + (vector["signature_url_encoded"]?.stringValue ?? "")))
    }

    @Test("every ACS3 vector's canonical request and signature are reproduced")
    func acs3Vectors() throws {
        let vectors = try #require(try loadVectors("acs3-hmac-sha256.json")["vectors"]?.arrayValue)
        #expect(vectors.count >= 8)
        for vector in vectors {
            let canonical = ACS3Signature.canonicalRequest(
                httpMethod: vector["http_method"]?.stringValue ?? "", canonicalURI: vector["canonical_uri"]?.stringValue ?? "/",
                query: stringMap(vector["query_params"]), signedHeaders: stringMap(vector["headers"]),
                hashedPayload: vector["hashed_payload"]?.stringValue ?? "")
            #expect(canonical == vector["canonical_request"]?.stringValue, "\(vector["name"]?.stringValue ?? "")")
            let signature = ACS3Signature.signature(
                stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonical),
                accessKeySecret: vector["access_key_secret"]?.stringValue ?? "")
            #expect(signature == vector["signature"]?.stringValue, "\(vector["name"]?.stringValue ?? "")")
        }
    }

    @Test("the ACS3 signer reproduces the signature published in Alibaba's documentation")
    func signerReproducesDocumentedACS3Example() throws {
        let vectors = try #require(try loadVectors("acs3-hmac-sha256.json")["vectors"]?.arrayValue)
        let vector = try #require(vectors.first { $0["name"]?.stringValue == "doc-example-run-instances-post" })
        let headers = stringMap(vector["headers"])
        let message = RequestSigner(signatureVersion: .acs3).sign(
            action: "RunInstances", parameters: stringMap(vector["query_params"]),
            endpoint: try ECSEndpoint(parsing: "ecs.cn-shanghai.aliyuncs.com"),
            credentials: ECSCredentials(accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret", source: "doc"),
            timestamp: headers["x-acs-date"] ?? "", nonce: headers["x-acs-signature-nonce"] ?? "")
        #expect(message.headers["authorization"] == vector["authorization"]?.stringValue)
        #expect(vector["published_signature"]?.stringValue == vector["signature"]?.stringValue)
        #expect(message.url == "https://ecs.cn-shanghai.aliyuncs.com/?" + (vector["canonical_query_string"]?.stringValue ?? ""))
        #expect(message.headers["x-acs-action"] == "RunInstances")
        #expect(message.headers["host"] == nil)
    }

    @Test("STS credentials travel as SecurityToken (v1) and signed x-acs-security-token (ACS3)")
    func securityToken() throws {
        let credentials = ECSCredentials(accessKeyId: "STS.id", accessKeySecret: "s", securityToken: "tok en", source: "test")
        let endpoint = try ECSEndpoint(parsing: "127.0.0.1:1")
        let v1 = RequestSigner(signatureVersion: .rpcV1).sign(action: "DescribeRegions", parameters: [:], endpoint: endpoint, credentials: credentials)
        #expect(queryParameters(of: v1.url)["SecurityToken"] == "tok en")
        #expect(v1.url.contains("SecurityToken=tok%20en"))
        let acs3 = RequestSigner(signatureVersion: .acs3).sign(action: "DescribeRegions", parameters: [:], endpoint: endpoint, credentials: credentials)
        #expect(acs3.headers["x-acs-security-token"] == "tok en")
        #expect(acs3.headers["authorization"]?.contains("x-acs-security-token") == true)
    }

    @Test("each signing uses a fresh nonce and a second-precision UTC timestamp")
    func nonceAndTimestamp() {
        #expect(RequestClock.nonce() != RequestClock.nonce())
        #expect(RequestClock.nonce().count == 32)
        #expect(RequestClock.timestamp(Date(timeIntervalSince1970: 1_767_323_045)) == "2026-01-02T03:04:05Z")
    }
}

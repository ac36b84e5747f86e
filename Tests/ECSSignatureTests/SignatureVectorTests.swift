import ECSSignature
import Foundation
import JSON
import Testing

/// Loads a vector file that sits beside this test.
func loadVectors(_ name: String) throws -> JSONValue {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    return try JSONValue.parse(Data(contentsOf: url))
}

func stringMap(_ value: JSONValue?) -> [String: String] {
    var map: [String: String] = [:]
    for member in value?.objectValue ?? JSONObject() { map[member.key] = member.value.stringValue ?? "" }
    return map
}

@Suite("RPC signature v1 against the SDKs' vectors")
struct RPCSignatureTests {
    @Test("every vector: canonical query, string to sign, signature")
    func vectors() throws {
        let file = try loadVectors("rpc-signature-v1.json")
        let vectors = try #require(file["vectors"]?.arrayValue)
        #expect(vectors.count >= 12)
        for vector in vectors {
            let name = vector["name"]?.stringValue ?? "?"
            let parameters = stringMap(vector["signed_params"])
            let method = try #require(vector["http_method"]?.stringValue)
            let secret = try #require(vector["access_key_secret"]?.stringValue)
            #expect(
                RPCSignature.canonicalizedQuery(parameters) == vector["canonicalized_query_string"]?.stringValue,
                "\(name)")
            let stringToSign = RPCSignature.stringToSign(httpMethod: method, parameters: parameters)
            #expect(stringToSign == vector["string_to_sign"]?.stringValue, "\(name)")
            #expect(
                RPCSignature.signature(httpMethod: method, parameters: parameters, accessKeySecret: secret)
                    == vector["signature"]?.stringValue, "\(name)")
            if let published = vector["published_signature"]?.stringValue {
                #expect(RPCSignature.signature(stringToSign: stringToSign, accessKeySecret: secret) == published)
            }
        }
    }

    @Test("Signature itself is never signed")
    func signatureExcluded() {
        let parameters = ["Action": "DescribeRegions", "Signature": "abc"]
        #expect(RPCSignature.canonicalizedQuery(parameters) == "Action=DescribeRegions")
    }

    @Test("the published documentation sample")
    func documentationSample() {
        let parameters = [
            "Timestamp": "2016-02-23T12:46:24Z", "Format": "XML", "AccessKeyId": "testid",
            "Action": "DescribeRegions", "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "Version": "2014-05-26",
            "SignatureVersion": "1.0",
        ]
        #expect(
            RPCSignature.signature(httpMethod: "GET", parameters: parameters, accessKeySecret: "testsecret")
                == "OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
    }
}

@Suite("ACS3-HMAC-SHA256 against the SDKs' vectors")
struct ACS3SignatureTests {
    @Test("every vector: payload hash, canonical request, string to sign, signature, header")
    func vectors() throws {
        let file = try loadVectors("acs3-hmac-sha256.json")
        let vectors = try #require(file["vectors"]?.arrayValue)
        #expect(vectors.count >= 8)
        for vector in vectors {
            let name = vector["name"]?.stringValue ?? "?"
            let body = Array((vector["body"]?.stringValue ?? "").utf8)
            let hashed = ACS3Signature.hashedPayload(body)
            #expect(hashed == vector["hashed_payload"]?.stringValue, "\(name)")
            let headers = stringMap(vector["headers"])
            let query = stringMap(vector["query_params"])
            #expect(ACS3Signature.canonicalQuery(query) == vector["canonical_query_string"]?.stringValue, "\(name)")
            let signedNames = ACS3Signature.signedHeaderNames(headers)
            #expect(signedNames == vector["signed_headers"]?.stringValue, "\(name)")
            let request = ACS3Signature.canonicalRequest(
                httpMethod: vector["http_method"]?.stringValue ?? "", canonicalURI: vector["canonical_uri"]?.stringValue ?? "/",
                query: query, signedHeaders: headers, hashedPayload: hashed)
            #expect(request == vector["canonical_request"]?.stringValue, "\(name)")
            let stringToSign = ACS3Signature.stringToSign(canonicalRequest: request)
            #expect(stringToSign == vector["string_to_sign"]?.stringValue, "\(name)")
            let secret = vector["access_key_secret"]?.stringValue ?? ""
            let signature = ACS3Signature.signature(stringToSign: stringToSign, accessKeySecret: secret)
            #expect(signature == vector["signature"]?.stringValue, "\(name)")
            let header = ACS3Signature.authorization(
                accessKeyId: vector["access_key_id"]?.stringValue ?? "", signedHeaders: signedNames, signature: signature)
            #expect(header == vector["authorization"]?.stringValue, "\(name)")
        }
    }
}

@Suite("Digests and encodings")
struct DigestTests {
    @Test("RFC 2202 and RFC 4231 HMAC cases, SHA-256 of empty and abc")
    func knownAnswers() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(Digest.hex(Digest.hmacSHA1(key: key, message: Array("Hi There".utf8))) == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(
            Digest.hex(Digest.hmacSHA256(key: key, message: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        #expect(
            Digest.hex(Digest.hmacSHA256(key: longKey, message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(Digest.hex(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.hex(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.hex(Digest.hmacSHA1(key: [], message: [])) == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")
    }

    @Test("percent-encoding follows RFC 3986 as Alibaba signs it")
    func percentEncoding() {
        #expect(PercentEncoding.encode("a b*c~d/e+f=g&h%") == "a%20b%2Ac~d%2Fe%2Bf%3Dg%26h%25")
        #expect(PercentEncoding.encode("华") == "%E5%8D%8E")
        #expect(PercentEncoding.decode("a%20b+c", plusAsSpace: true) == "a b c")
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode("%E5%8D%8E") == "华")
        #expect(PercentEncoding.decode("%zz") == nil)
        #expect(PercentEncoding.decode("%C3%28") == nil)
    }
}

import ECSClient
import JSON
import Testing

/// A service message that echoes what was signed must not carry the signer's secret or security token to the caller,
/// whichever phrasing the service uses.
@Suite("Service messages never carry the signer's secrets")
struct ServiceMessageLeakTests {
    static let secret = "CANARYSECRET123signerSecret"
    static let token = "CANARYSECRET123security+Token/x="
    static let credentials = ECSCredentials(
        accessKeyId: "LTAI5tLeakTestKey", accessKeySecret: secret, securityToken: token, source: "test")

    /// Messages a service might send, by a label (the messages hold the secrets, so test output shows only labels).
    static let messages: [String: String] = [
        "StringToSign phrasing, token encoded twice":
            "The request signature does not conform to Aliyun standards. StringToSign: GET&%2F&SecurityToken%3DCANARYSECRET123security%252BToken%252Fx%253D",
        "token as sent": "Specified SecurityToken CANARYSECRET123security+Token/x= is malformed.",
        "token encoded once": "Token CANARYSECRET123security%2BToken%2Fx%3D is malformed.",
        "secret as sent": "Signed with CANARYSECRET123signerSecret&",
        "string to sign, other case": "server String To Sign Is:GET&%2F&Other%3Dvalue",
    ]

    @Test("a message echoing the token or secret (not behind 'string to sign is:') is scrubbed", arguments: messages.keys.sorted())
    func scrubbed(label: String) async throws {
        let message = try #require(Self.messages[label])
        let body = #"{"RequestId":"R1","Code":"SignatureDoesNotMatch","Message":"\#(message)"}"#
        let transport = FakeTransport([.answer(status: 400, body: body)])
        do {
            _ = try await makeClient(transport, maxRetries: 0).send(ECSRequest(action: "DescribeRegions"), credentials: Self.credentials)
            Issue.record("expected an error")
        } catch {
            guard case .service(let serviceError) = error else { Issue.record("wrong error \(error)"); return }
            #expect(!serviceError.message.contains("CANARYSECRET123"), "\(serviceError.message)")
            #expect(!"\(error)".contains("CANARYSECRET123"), "\(error)")
            #expect(!serviceError.message.contains("Other%3Dvalue"), "\(serviceError.message)")
            #expect(!(serviceError.body.serialized()).contains("CANARYSECRET123"))
            #expect(serviceError.code == "SignatureDoesNotMatch")
        }
    }
}

@Suite("Proxy settings that would show a piece of their password")
struct ProxyPasswordSlashTests {
    @Test("an unencoded '/' in the user information is refused without quoting the URL; encoded, it is used")
    func slashInPassword() throws {
        do {
            _ = try ProxySettings.fromEnvironment(["HTTPS_PROXY": "http://user:4242/zq9x@127.0.0.1:3128"])
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.hasPrefix("HTTPS_PROXY cannot be used"))
            #expect(!error.description.contains("4242") && !error.description.contains("zq9x"))
        }
        let encoded = try ProxySettings.fromEnvironment(["https_proxy": "http://user:4242%2Fpass@127.0.0.1:3128"])
        #expect(encoded?.description == "http://127.0.0.1:3128")
        let withPath = try ProxySettings.fromEnvironment(["https_proxy": "http://127.0.0.1:3128/"])
        #expect(withPath?.port == 3128)
        #expect(try ProxySettings.fromEnvironment([:]) == nil)
    }
}

@Suite("Transport failures never carry the signer's secrets")
struct TransportFailureLeakTests {
    @Test("a failure whose detail echoes what was sent is scrubbed of the secret and token")
    func scrubbed() async throws {
        let token = "CANARYSECRET123transport+Token"
        let credentials = ECSCredentials(
            accessKeyId: "LTAI5tLeakTestKey", accessKeySecret: "CANARYSECRET123transportSecret", securityToken: token,
            source: "test")
        for failure: TransportFailure in [
            .other("invalid HTTP response: unsupported content-encoding SecurityToken=CANARYSECRET123transport%2BToken"),
            .tls("handshake failed: CANARYSECRET123transportSecret"),
        ] {
            let transport = FakeTransport([.fail(failure)])
            do {
                _ = try await makeClient(transport, maxRetries: 0).send(ECSRequest(action: "DescribeRegions"), credentials: credentials)
                Issue.record("expected an error")
            } catch {
                #expect(!"\(error)".contains("CANARYSECRET123"))
                guard case .transport(let kept, _, _) = error else { Issue.record("wrong error kind"); continue }
                #expect(kept.isTransient == failure.isTransient)
            }
        }
    }
}

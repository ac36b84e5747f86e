import ECSClient
import Testing

@Suite("Calls to other products than ECS (STS AssumeRole) and plain GETs")
struct OtherProductTests {
    @Test("an STS call is signed for Version 2015-04-01 and goes to its own endpoint")
    func stsVersionAndEndpoint() async throws {
        let transport = FakeTransport([.answer(status: 200, body: #"{"RequestId": "r", "Credentials": {}}"#)])
        let client = makeClient(transport)
        let request = ECSRequest(
            action: "AssumeRole", parameters: ["RoleArn": "acs:ram::1:role/x"], endpoint: "sts.cn-beijing.aliyuncs.com",
            isIdempotent: true, product: .sts)
        let response = try await client.send(request, credentials: testCredentials)
        #expect(response.endpoint.baseURL == "https://sts.cn-beijing.aliyuncs.com")
        let sent = try #require(transport.sent.first)
        #expect(sent.url.hasPrefix("https://sts.cn-beijing.aliyuncs.com/?"))
        #expect(sent.url.contains("Version=2015-04-01"))
        #expect(sent.url.contains("Action=AssumeRole"))
        #expect(sent.headers["x-acs-version"] == "2015-04-01")
    }

    @Test("an ACS3-signed STS call names its version in x-acs-version")
    func acs3Version() throws {
        let signer = RequestSigner(signatureVersion: .acs3)
        let message = signer.sign(
            action: "AssumeRole", parameters: [:], endpoint: .https(host: "sts.aliyuncs.com"), credentials: testCredentials,
            version: APIProduct.sts.version)
        #expect(message.headers["x-acs-version"] == "2015-04-01")
    }

    @Test("product endpoints: a pinned or non-Alibaba fixed endpoint stands in for Alibaba hosts; an ECS host does not")
    func productRouting() throws {
        let simulator = try ECSEndpoint(parsing: "http://127.0.0.1:9000")
        let vpc = try ECSEndpoint(parsing: "ecs-vpc.cn-beijing.aliyuncs.com")
        #expect(try EndpointResolver.resolve(productEndpoint: "sts.aliyuncs.com", fixed: nil).baseURL == "https://sts.aliyuncs.com")
        #expect(try EndpointResolver.resolve(productEndpoint: "sts.aliyuncs.com", fixed: simulator) == simulator)
        #expect(try EndpointResolver.resolve(productEndpoint: "sts.aliyuncs.com", fixed: vpc).baseURL == "https://sts.aliyuncs.com")
        #expect(try EndpointResolver.resolve(productEndpoint: "http://127.0.0.1:9100", fixed: simulator).baseURL == "http://127.0.0.1:9100")
        #expect(try EndpointResolver.resolve(productEndpoint: "http://127.0.0.1:9100", fixed: simulator, pinned: true) == simulator)
    }

    @Test("a product call without an endpoint is refused before sending")
    func productNeedsEndpoint() async {
        let transport = FakeTransport([])
        await #expect(throws: ECSClientError.self) {
            try await makeClient(transport).send(ECSRequest(action: "AssumeRole", product: .sts), credentials: testCredentials)
        }
        #expect(transport.sent.isEmpty)
    }

    @Test("get sends one GET; plain http only to loopback")
    func plainGet() async throws {
        let transport = FakeTransport([.answer(status: 200, body: "{}")])
        let client = makeClient(transport)
        let answer = try await client.get("http://127.0.0.1:8080/creds?x=1")
        #expect(answer.status == 200)
        #expect(transport.sent.first?.method == "GET")
        #expect(transport.sent.first?.url == "http://127.0.0.1:8080/creds?x=1")
        await #expect(throws: ECSClientError.self) { try await client.get("http://169.254.100.200/latest/meta-data") }
        #expect(transport.sent.count == 1)
    }
}

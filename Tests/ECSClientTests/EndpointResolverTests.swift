import ECSClient
import Testing

@Suite("Endpoint resolution")
struct EndpointResolverTests {
    @Test("a per-call host means HTTPS to that host")
    func perCallHost() throws {
        let endpoint = try EndpointResolver.resolve(perCall: "ecs.cn-beijing.aliyuncs.com", fixed: nil, regionId: "cn-hangzhou")
        #expect(endpoint.baseURL == "https://ecs.cn-beijing.aliyuncs.com")
    }

    @Test("the regional endpoint follows the SDK, with cn-hangzhou's exception")
    func regional() throws {
        #expect(try EndpointResolver.resolve(perCall: nil, fixed: nil, regionId: "cn-beijing").baseURL == "https://ecs.cn-beijing.aliyuncs.com")
        #expect(try EndpointResolver.resolve(perCall: nil, fixed: nil, regionId: "cn-hangzhou").baseURL == "https://ecs-cn-hangzhou.aliyuncs.com")
        #expect(try EndpointResolver.resolve(perCall: "", fixed: nil, regionId: nil).baseURL == "https://ecs.aliyuncs.com")
    }

    @Test("a fixed endpoint wins over the region and catches Alibaba host names, but not other per-call endpoints")
    func fixedEndpoint() throws {
        let fixed = try ECSEndpoint(parsing: "http://127.0.0.1:9000")
        #expect(try EndpointResolver.resolve(perCall: nil, fixed: fixed, regionId: "cn-beijing") == fixed)
        #expect(try EndpointResolver.resolve(perCall: "ecs.cn-beijing.aliyuncs.com", fixed: fixed, regionId: nil) == fixed)
        let other = try EndpointResolver.resolve(perCall: "http://127.0.0.1:9100", fixed: fixed, regionId: nil)
        #expect(other.baseURL == "http://127.0.0.1:9100")
        #expect(try EndpointResolver.resolve(perCall: "http://127.0.0.1:9100", fixed: fixed, pinned: true, regionId: nil) == fixed)
    }

    @Test("plain http is refused for non-loopback hosts, allowed for loopback")
    func httpOnlyForLoopback() throws {
        #expect(throws: ECSClientError.self) { try ECSEndpoint(parsing: "http://ecs.aliyuncs.com") }
        #expect(try ECSEndpoint(parsing: "http://localhost:8080").authority == "localhost:8080")
        #expect(try ECSEndpoint(parsing: "[::1]:9000").baseURL == "http://[::1]:9000")
        #expect(try ECSEndpoint(parsing: "127.0.0.1:9000").scheme == "http")
        #expect(try ECSEndpoint(parsing: "https://127.0.0.1:9443/").scheme == "https")
    }

    @Test("malformed endpoints are refused with the reason", arguments: ["ftp://x.com", "https://a.com/path", "bad host", "https://u:p@a.com", "a.com:99999"])
    func malformed(text: String) {
        #expect(throws: ECSClientError.self) { try ECSEndpoint(parsing: text) }
    }

    @Test("the region is read back from a regional host name")
    func regionFromHost() {
        #expect(EndpointResolver.regionId(inHost: "ecs.cn-beijing.aliyuncs.com") == "cn-beijing")
        #expect(EndpointResolver.regionId(inHost: "ecs-cn-hangzhou.aliyuncs.com") == "cn-hangzhou")
        #expect(EndpointResolver.regionId(inHost: "ecs.aliyuncs.com") == nil)
    }
}

import ECSSimulator
import Foundation
import JSON
import TestSupport
import Testing

@testable import ECSSimulator

@Suite("ECS protocol answers")
struct ProtocolTests {
    @Test("a JSON success carries RequestId first, the same id in x-acs-request-id, and the service's headers")
    func jsonSuccess() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (response, body) = try await simulator.call(TestSigner().rpc("DescribeRegions"))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json;charset=utf-8")
        let requestID = try #require(body["RequestId"]?.stringValue)
        #expect(body.objectValue?.keys.first == "RequestId")
        #expect(requestID == requestID.uppercased() && UUID(uuidString: requestID) != nil)
        #expect(response.header("x-acs-request-id") == requestID)
        #expect(response.header("x-acs-trace-id")?.count == 32)
        #expect(response.header("Date")?.hasSuffix("GMT") == true)
        #expect(body["Regions"]?["Region"]?.arrayValue?.isEmpty == false)
    }

    @Test("ACS3, RPC over GET, RPC in a form body, and + for space all reach the engine")
    func requestShapes() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let signer = TestSigner()
        for raw in [
            signer.acs3("DescribeRegions", ["OwnerAccount": "zh CN*~/"]),
            signer.rpc("DescribeRegions", method: "GET"),
            signer.rpc("DescribeRegions", inBody: true),
            signer.rpc("DescribeRegions", ["OwnerAccount": "en US*~"], plusForSpace: true),
            signer.rpc("DescribeRegions", format: nil),
        ] {
            let (response, body) = try await simulator.call(raw)
            #expect(response.status == 200, "\(body.serialized())")
        }
    }

    @Test("Format=XML answers XML with the action's root and repeated list items")
    func xmlSuccess() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let response = try await simulator.send(TestSigner().rpc("DescribeRegions", method: "GET", format: "XML"))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/xml;charset=utf-8")
        let text = response.text
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeRegionsResponse><RequestId>"))
        #expect(text.contains("<Regions><Region><RegionId>"))
        #expect(text.components(separatedBy: "<Region>").count - 1 >= 2)
        #expect(text.hasSuffix("</DescribeRegionsResponse>"))
    }

    @Test("without Format, an Accept naming XML or JSON decides; else RPC v1 gets XML (the default) and ACS3 JSON")
    func acceptHeader() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let xml = try await simulator.send(TestSigner().rpc("DescribeRegions", format: nil, extraHeaders: ["Accept: text/xml"]))
        #expect(xml.header("Content-Type") == "text/xml;charset=utf-8")
        let json = try await simulator.send(
            TestSigner().rpc("DescribeRegions", format: nil, extraHeaders: ["Accept: application/json"]))
        #expect(json.header("Content-Type") == "application/json;charset=utf-8")
        let rpcDefault = try await simulator.send(TestSigner().rpc("DescribeRegions", format: nil, extraHeaders: ["Accept: */*"]))
        #expect(rpcDefault.header("Content-Type") == "text/xml;charset=utf-8")
        #expect(rpcDefault.text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeRegionsResponse>"))
        let acs3Default = try await simulator.send(TestSigner().acs3("DescribeRegions", extraSignedHeaders: ["accept": "*/*"]))
        #expect(acs3Default.header("Content-Type") == "application/json;charset=utf-8")
        let explicit = try await simulator.send(TestSigner().rpc("DescribeRegions", format: "JSON", extraHeaders: ["Accept: text/xml"]))
        #expect(explicit.header("Content-Type") == "application/json;charset=utf-8")
    }

    @Test("an XML error is an <Error> document with the JSON error's fields")
    func xmlError() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let response = try await simulator.send(TestSigner(accessKeyID: "nobody").rpc("DescribeRegions", format: "xml"))
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "text/xml;charset=utf-8")
        #expect(response.text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><RequestId>"))
        #expect(response.text.contains("<Code>InvalidAccessKeyId.NotFound</Code>"))
        #expect(response.text.contains("<HostId>ecs.aliyuncs.com</HostId>"))
    }

    @Test("errors carry RequestId, HostId of the region, Code, Message and Recommend")
    func errorShape() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (response, body) = try await simulator.call(TestSigner().rpc("NoSuchAction", ["RegionId": "cn-hangzhou"]))
        #expect(response.status == 404)
        let object = try #require(body.objectValue)
        #expect(object.keys == ["RequestId", "HostId", "Code", "Message", "Recommend"])
        #expect(body["Code"] == "InvalidAction.NotFound")
        #expect(body["HostId"] == "ecs.cn-hangzhou.aliyuncs.com")
        let requestID = try #require(body["RequestId"]?.stringValue)
        #expect(response.header("x-acs-request-id") == requestID)
        #expect(
            body["Recommend"]?.stringValue
                == "https://api.aliyun.com/troubleshoot?q=InvalidAction.NotFound&product=Ecs&requestId=\(requestID)")
    }

    @Test("missing Action, wrong Version, other paths and methods get the gateway's errors")
    func gatewayErrors() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let (noAction, noActionBody) = try await simulator.call(TestSigner.raw(method: "GET", target: "/?Version=2014-05-26", headers: [], body: ""))
        #expect(noAction.status == 400 && noActionBody["Code"] == "MissingParameter")
        let (version, versionBody) = try await simulator.call(
            TestSigner.raw(method: "GET", target: "/?Action=DescribeRegions&Version=2016-01-01", headers: [], body: ""))
        #expect(version.status == 404 && versionBody["Code"] == "InvalidAction.NotFound")
        let (path, pathBody) = try await simulator.call(TestSigner.raw(method: "GET", target: "/v1/regions", headers: [], body: ""))
        #expect(path.status == 404 && pathBody["Code"] == "InvalidAction.NotFound")
        let (method, methodBody) = try await simulator.call(TestSigner.raw(method: "DELETE", target: "/", headers: [], body: ""))
        #expect(method.status == 403 && methodBody["Code"] == "UnsupportedHTTPMethod")
    }

    @Test("garbage gets 400, and the simulator keeps serving")
    func garbage() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let connection = try await LoopbackHTTPConnection.open(port: simulator.port)
        let response = try await connection.exchange("\u{16}\u{03}\u{01}\u{02}\u{00} not http\r\n\r\n")
        #expect(response.status == 400)
        #expect(await connection.waitForClose())
        let (after, _) = try await simulator.call(TestSigner().rpc("DescribeRegions"))
        #expect(after.status == 200)
    }

    @Test("one keep-alive connection carries many signed calls")
    func keepAlive() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let connection = try await LoopbackHTTPConnection.open(port: simulator.port)
        for index in 0..<20 {
            let raw = index % 2 == 0 ? TestSigner().rpc("DescribeRegions") : TestSigner().acs3("DescribeRegions")
            #expect(try await connection.exchange(raw).status == 200)
        }
    }

    @Test("XML rendering repeats array keys, nests objects and escapes text")
    func xmlRendering() {
        let body: JSONObject = [
            "RequestId": "R",
            "InstanceIdSets": ["InstanceIdSet": ["i-1", "i-2"]],
            "Name": "a<b & 'c'",
            "Count": 3,
            "Flag": true,
            "Empty": ["Item": []],
        ]
        let xml = XMLRendering.document(root: "RunInstancesResponse", body: body)
        #expect(
            xml == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><RunInstancesResponse><RequestId>R</RequestId>"
                + "<InstanceIdSets><InstanceIdSet>i-1</InstanceIdSet><InstanceIdSet>i-2</InstanceIdSet></InstanceIdSets>"
                + "<Name>a&lt;b &amp; &apos;c&apos;</Name><Count>3</Count><Flag>true</Flag><Empty></Empty>"
                + "</RunInstancesResponse>")
    }

    @Test("the nonce cache forgets after its window and stays within its capacity")
    func nonceCache() {
        var cache = NonceCache(window: 60, capacity: 3)
        let start = Date(timeIntervalSince1970: 1_000_000)
        let first = cache.insert("a", accessKeyID: "k", now: start)
        let replay = cache.insert("a", accessKeyID: "k", now: start.addingTimeInterval(30))
        let otherKey = cache.insert("a", accessKeyID: "other", now: start)
        let afterWindow = cache.insert("a", accessKeyID: "k", now: start.addingTimeInterval(61))
        #expect(first && !replay && otherKey && afterWindow)
        // The key id and the nonce are kept apart: ("ab", "c") is not ("a", "bc").
        let joined = cache.insert("c", accessKeyID: "ab", now: start.addingTimeInterval(61))
        let split = cache.insert("bc", accessKeyID: "a", now: start.addingTimeInterval(61))
        #expect(joined && split)
        #expect(NonceKey(accessKeyID: "k", nonce: "n") == NonceKey(accessKeyID: "k", nonce: "n"))
        for index in 0..<10 { _ = cache.insert("n\(index)", accessKeyID: "k", now: start.addingTimeInterval(62)) }
        #expect(cache.count <= 3)
        // The newest three are still refused; an older one was forgotten to make room.
        let newest = (7..<10).map { cache.insert("n\($0)", accessKeyID: "k", now: start.addingTimeInterval(63)) }
        #expect(newest == [false, false, false])
        let forgotten = cache.insert("n0", accessKeyID: "k", now: start.addingTimeInterval(63))
        #expect(forgotten)
    }

    @Test("a long run of fresh nonces keeps the cache within its capacity, slots included")
    func nonceCacheStaysBounded() {
        var cache = NonceCache(window: 60, capacity: 100)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for index in 0..<10_000 {
            let fresh = cache.insert("nonce-\(index)", accessKeyID: "k", now: start.addingTimeInterval(Double(index) / 1000))
            #expect(fresh, "\(index)")
        }
        #expect(cache.count == 100)
        #expect(cache.slots == 100)
        let replayed = cache.insert("nonce-9999", accessKeyID: "k", now: start.addingTimeInterval(10))
        #expect(!replayed)
        // Past the window everything is forgotten and the slots are reused, not added to.
        let afterWindow = cache.insert("nonce-9999", accessKeyID: "k", now: start.addingTimeInterval(100))
        #expect(afterWindow)
        #expect(cache.count == 1)
        #expect(cache.slots == 100)
        cache.removeAll()
        #expect(cache.count == 0 && cache.slots == 0)
    }

    @Test("timestamps parse in the API's format only")
    func timestamps() {
        #expect(ECSTimestamp.parse("2026-01-02T03:04:05Z")?.timeIntervalSince1970 == 1_767_323_045)
        #expect(ECSTimestamp.parse("2016-02-23T12:46:24.123Z")?.timeIntervalSince1970 == 1_456_231_584)
        for bad in ["2026-01-02 03:04:05Z", "2026-13-02T03:04:05Z", "2026-01-02T03:04:05", "yesterday", ""] {
            #expect(ECSTimestamp.parse(bad) == nil, "\(bad)")
        }
    }
}

@Suite("Simulator under concurrent signed traffic")
struct ConcurrentTrafficTests {
    @Test("32 clients with both signature styles are all answered correctly")
    func concurrentClients() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        let good = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<32 {
                group.addTask {
                    let connection = try await LoopbackHTTPConnection.open(port: simulator.port)
                    var count = 0
                    for call in 0..<5 {
                        let raw = (client + call) % 2 == 0 ? TestSigner().rpc("DescribeRegions") : TestSigner().acs3("DescribeRegions")
                        let response = try await connection.exchange(raw)
                        let body = try JSONValue.parse(response.body)
                        if response.status == 200, response.header("x-acs-request-id") == body["RequestId"]?.stringValue {
                            count += 1
                        }
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(good == 160)
    }
}

@Suite("Simulator under random requests")
struct RandomRequestTests {
    @Test("random query strings and bodies get ECS errors with a Code, and the server stays up")
    func randomQueries() async throws {
        let simulator = try await SimulatorHarness.start()
        defer { Task { await simulator.stop() } }
        var generator = SplitMixForTests(seed: 7)
        let alphabet = Array("AaZz09%+=&.-_~*!'()[]{}\"".utf8) + Array("ActionVersionSignatureTimestamp".utf8)
        let connection = try await LoopbackHTTPConnection.open(port: simulator.port)
        var answered = 0
        for _ in 0..<200 {
            let length = Int(generator.next() % 120)
            let query = String(decoding: (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            let body = generator.next() % 2 == 0 ? "" : query
            let raw = "POST /?\(query) HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n"
                + (generator.next() % 3 == 0 ? "x-acs-action: DescribeRegions\r\nAuthorization: ACS3-HMAC-SHA256 \(query)\r\n" : "")
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            let response = try await connection.exchange(raw)
            let parsed = try JSONValue.parse(response.body)
            if (400..<500).contains(response.status), parsed["Code"]?.stringValue != nil { answered += 1 }
        }
        #expect(answered == 200)
        let (after, _) = try await simulator.call(TestSigner().rpc("DescribeRegions"))
        #expect(after.status == 200)
    }
}

private struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

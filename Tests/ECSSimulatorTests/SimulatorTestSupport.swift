import ECSSignature
import ECSSimulator
import Foundation
import Glibc
import HTTPServer
import JSON
import TestSupport

/// Builds signed raw HTTP requests the way the official SDKs do, using only `ECSSignature`.
struct TestSigner {
    var accessKeyID = "testid"
    var secret = "testsecret"

    /// An RPC v1 request: common parameters plus `parameters`, in the query (or a form body), signed with HMAC-SHA1.
    func rpc(
        _ action: String, _ parameters: [String: String] = [:], method: String = "POST", inBody: Bool = false,
        format: String? = "JSON", timestamp: Date = Date(), nonce: String = UUID().uuidString,
        extraHeaders: [String] = [], plusForSpace: Bool = false, version: String = "2014-05-26"
    ) -> String {
        var all = parameters
        all["Action"] = action
        all["Version"] = version
        if let format { all["Format"] = format }
        all["AccessKeyId"] = accessKeyID
        all["SignatureMethod"] = "HMAC-SHA1"
        all["SignatureVersion"] = "1.0"
        all["SignatureNonce"] = nonce
        all["Timestamp"] = Self.timestamp(timestamp)
        all["Signature"] = RPCSignature.signature(httpMethod: method, parameters: all, accessKeySecret: secret)
        let encoded = Self.formEncode(all, plusForSpace: plusForSpace)
        if inBody {
            return Self.raw(
                method: method, target: "/", headers: ["Content-Type: application/x-www-form-urlencoded"] + extraHeaders,
                body: encoded)
        }
        return Self.raw(method: method, target: "/?" + encoded, headers: extraHeaders, body: "")
    }

    /// An ACS3-HMAC-SHA256 request as the Tea SDK sends it: POST /, parameters in the query, empty body.
    func acs3(
        _ action: String, _ query: [String: String] = [:], timestamp: Date = Date(), nonce: String = UUID().uuidString,
        host: String = "127.0.0.1", extraSignedHeaders: [String: String] = [:]
    ) -> String {
        var headers: [String: String] = [
            "host": host, "x-acs-action": action, "x-acs-version": "2014-05-26",
            "x-acs-date": Self.timestamp(timestamp), "x-acs-signature-nonce": nonce, "accept": "application/json",
            "x-acs-content-sha256": ACS3Signature.hashedPayload([]),
        ]
        for (name, value) in extraSignedHeaders { headers[name] = value }
        let canonical = ACS3Signature.canonicalRequest(
            httpMethod: "POST", canonicalURI: "/", query: query, signedHeaders: headers,
            hashedPayload: ACS3Signature.hashedPayload([]))
        let signature = ACS3Signature.signature(
            stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonical), accessKeySecret: secret)
        let authorization = ACS3Signature.authorization(
            accessKeyId: accessKeyID, signedHeaders: ACS3Signature.signedHeaderNames(headers), signature: signature)
        let target = query.isEmpty ? "/" : "/?" + Self.formEncode(query, plusForSpace: true)
        return Self.raw(
            method: "POST", target: target,
            headers: headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } + ["Authorization: \(authorization)"],
            body: "")
    }

    static func formEncode(_ parameters: [String: String], plusForSpace: Bool) -> String {
        parameters.sorted { $0.key < $1.key }.map { name, value in
            var encodedValue = PercentEncoding.encode(value)
            if plusForSpace { encodedValue = encodedValue.replacingOccurrences(of: "%20", with: "+") }
            return PercentEncoding.encode(name) + "=" + encodedValue
        }.joined(separator: "&")
    }

    static func raw(method: String, target: String, headers: [String], body: String) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for header in headers where !header.lowercased().hasPrefix("host:") { text += header + "\r\n" }
        if let host = headers.first(where: { $0.lowercased().hasPrefix("host:") }) {
            text = text.replacingOccurrences(of: "Host: 127.0.0.1\r\n", with: host + "\r\n")
        }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        return text
    }

    static func timestamp(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

/// A started simulator plus a helper to talk to it.
struct SimulatorHarness {
    let server: ECSSimulatorServer
    var port: Int { server.address.port }

    static func start(_ configure: (inout SimulatorOptions) -> Void = { _ in }) async throws -> SimulatorHarness {
        var options = SimulatorOptions(transitionMilliseconds: 20, logRequests: false)
        configure(&options)
        return SimulatorHarness(server: try await ECSSimulatorServer.start(options))
    }

    /// Sends one raw request on a fresh connection and reads the answer.
    func send(_ raw: String) async throws -> RawHTTPResponse {
        let connection = try await LoopbackHTTPConnection.open(port: port)
        return try await connection.exchange(raw)
    }

    /// Sends and parses the JSON body.
    /// Sends and parses the body: JSON, or for XML answers the `Code` and `Message` elements as a JSON object.
    func call(_ raw: String) async throws -> (RawHTTPResponse, JSONValue) {
        let response = try await send(raw)
        if response.header("Content-Type")?.hasPrefix("text/xml") == true {
            var object = JSONObject()
            for name in ["Code", "Message", "RequestId"] {
                guard let start = response.text.range(of: "<\(name)>"),
                    let end = response.text.range(of: "</\(name)>", range: start.upperBound..<response.text.endIndex)
                else { continue }
                object[name] = .string(
                    String(response.text[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
                        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'"))
            }
            return (response, .object(object))
        }
        return (response, try JSONValue.parse(response.body))
    }

    func stop() async { await server.stop() }
}

/// Reads a fixture copied into the repository from the shared signature vectors.
enum Fixtures {
    static func json(_ name: String) throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try JSONValue.parse(Array(try Data(contentsOf: url)))
    }

    static func date(_ timestamp: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: timestamp) ?? Date(timeIntervalSince1970: 0)
    }
}

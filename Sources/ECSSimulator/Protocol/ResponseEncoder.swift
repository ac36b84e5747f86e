import Foundation
import HTTPServer
import JSON

/// Builds the HTTP answers of the ECS API: success bodies with `RequestId` first, error bodies with
/// `RequestId`, `HostId`, `Code`, `Message`, `Recommend`, and the service's headers.
enum ResponseEncoder {
    static func success(action: String, body: ECSAnswer, requestID: String, format: ResponseFormat) -> HTTPResponse {
        switch format {
        case .json:
            return HTTPResponse(
                status: 200, headers: headers(contentType: "application/json;charset=utf-8", requestID: requestID),
                body: jsonBody(body, requestID: requestID))
        case .xml:
            let object = withRequestID(body.object, requestID)
            let text = XMLRendering.document(root: action + "Response", body: object)
            return response(status: 200, xml: text, requestID: requestID)
        }
    }

    /// `{"RequestId":…, fields…, "Key":{"Item":[items]}}`: pre-serialized items are copied, not re-serialized.
    static func jsonBody(_ body: ECSAnswer, requestID: String) -> [UInt8] {
        var head = JSONValue.object(withRequestID(body.fields, requestID)).serializedBytes()
        guard let list = body.serializedList else { return head }
        let itemBytes = list.items.reduce(0) { $0 + $1.count + 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.count + list.key.utf8.count + list.itemKey.utf8.count + itemBytes + 16)
        head.removeLast()  // the closing brace; the list is the last member
        bytes.append(contentsOf: head)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: JSONValue.string(list.key).serializedBytes())
        bytes.append(contentsOf: Array(#":{"#.utf8))
        bytes.append(contentsOf: JSONValue.string(list.itemKey).serializedBytes())
        bytes.append(contentsOf: Array(#":["#.utf8))
        for (position, item) in list.items.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(contentsOf: Array("]}}".utf8))
        return bytes
    }

    /// `RequestId` first, then the body's own members (a `RequestId` among them is replaced).
    private static func withRequestID(_ body: JSONObject, _ requestID: String) -> JSONObject {
        var members: [(String, JSONValue)] = [("RequestId", .string(requestID))]
        members.reserveCapacity(body.count + 1)
        for (key, value) in body where key != "RequestId" { members.append((key, value)) }
        return JSONObject(uniqueKeysWithValues: members)
    }

    static func failure(_ error: ECSServiceError, requestID: String, hostID: String, format: ResponseFormat)
        -> HTTPResponse
    {
        let object: JSONObject = [
            "RequestId": .string(requestID),
            "HostId": .string(hostID),
            "Code": .string(error.code),
            "Message": .string(error.message),
            "Recommend": .string(recommendation(code: error.code, requestID: requestID)),
        ]
        switch format {
        case .json:
            return response(status: error.httpStatus, json: object, requestID: requestID)
        case .xml:
            return response(
                status: error.httpStatus, xml: XMLRendering.document(root: "Error", body: object), requestID: requestID)
        }
    }

    /// The diagnosis link newer gateways add to errors.
    static func recommendation(code: String, requestID: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        let encoded = code.addingPercentEncoding(withAllowedCharacters: allowed) ?? code
        return "https://api.aliyun.com/troubleshoot?q=\(encoded)&product=Ecs&requestId=\(requestID)"
    }

    static func hostID(regionID: String?) -> String {
        guard let regionID, !regionID.isEmpty,
            regionID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return "ecs.aliyuncs.com" }
        return "ecs.\(regionID).aliyuncs.com"
    }

    /// A new request ID: an upper-case UUID, as the service uses.
    static func newRequestID() -> String { UUID().uuidString.uppercased() }

    private static func traceID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    private static func response(status: Int, json: JSONObject, requestID: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: headers(contentType: "application/json;charset=utf-8", requestID: requestID),
            body: JSONValue.object(json).serializedBytes())
    }

    private static func response(status: Int, xml: String, requestID: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: headers(contentType: "text/xml;charset=utf-8", requestID: requestID),
            body: Array(xml.utf8))
    }

    private static func headers(contentType: String, requestID: String) -> [(name: String, value: String)] {
        [
            ("Content-Type", contentType),
            ("x-acs-request-id", requestID),
            ("x-acs-trace-id", traceID()),
            ("Vary", "Accept-Encoding"),
        ]
    }
}

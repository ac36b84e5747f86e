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
                body: body.jsonBytes(requestID: requestID))
        case .xml:
            let object = body.object(requestID: requestID)
            let text = XMLRendering.document(root: action + "Response", body: object)
            return response(status: 200, xml: text, requestID: requestID)
        }
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

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// 32 lower-case hex digits of a random UUID (written directly: string replacing costs tens of microseconds).
    private static func traceID() -> String {
        var uuid = UUID().uuid
        return withUnsafeBytes(of: &uuid) { raw in
            var text: [UInt8] = []
            text.reserveCapacity(32)
            for byte in raw {
                text.append(hexDigits[Int(byte >> 4)])
                text.append(hexDigits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        }
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

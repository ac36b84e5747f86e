import ECSSignature
import HTTPServer

/// Server-side recomputation of both signature schemes from the received request, using `ECSSignature`.
enum ACS3Verification {
    static func hashedPayload(_ body: [UInt8]) -> String { ACS3Signature.hashedPayload(body) }

    /// The string-to-sign the server computes for an ACS3 request, from exactly the headers it names.
    static func stringToSign(_ request: ECSRequest, signedHeaders: [String]) -> String {
        var headers: [String: String] = [:]
        for name in signedHeaders {
            headers[name] = request.http.headerValues(name).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: ",")
        }
        let canonical = ACS3Signature.canonicalRequest(
            httpMethod: request.httpMethod, canonicalURI: "/", query: request.queryParameters, signedHeaders: headers,
            hashedPayload: hashedPayload(request.http.body))
        return ACS3Signature.stringToSign(canonicalRequest: canonical)
    }
}

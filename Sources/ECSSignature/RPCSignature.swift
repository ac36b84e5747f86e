// SPDX-License-Identifier: Apache-2.0

/// RPC signature version 1.0 (HMAC-SHA1), the `Signature` parameter of ECS RPC calls.
public enum RPCSignature {
    public static let method = "HMAC-SHA1"
    public static let version = "1.0"

    /// Every parameter but `Signature`, encoded, sorted by encoded name, joined with `&`.
    public static func canonicalizedQuery(_ parameters: [String: String]) -> String {
        parameters
            .filter { $0.key != "Signature" }
            .map { (PercentEncoding.encode($0.key), PercentEncoding.encode($0.value)) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    public static func stringToSign(httpMethod: String, parameters: [String: String]) -> String {
        httpMethod.uppercased() + "&" + PercentEncoding.encode("/") + "&"
            + PercentEncoding.encode(canonicalizedQuery(parameters))
    }

    /// Base64 of HMAC-SHA1 keyed with the secret followed by `&`.
    public static func signature(stringToSign: String, accessKeySecret: String) -> String {
        let mac = Digest.hmacSHA1(key: Array((accessKeySecret + "&").utf8), message: Array(stringToSign.utf8))
        return Digest.base64(mac)
    }

    public static func signature(httpMethod: String, parameters: [String: String], accessKeySecret: String) -> String {
        signature(
            stringToSign: stringToSign(httpMethod: httpMethod, parameters: parameters), accessKeySecret: accessKeySecret)
    }
}

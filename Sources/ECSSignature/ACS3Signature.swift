// SPDX-License-Identifier: Apache-2.0

/// The V3 signature, ACS3-HMAC-SHA256, carried in the `Authorization` header.
public enum ACS3Signature {
    public static let algorithm = "ACS3-HMAC-SHA256"

    /// Lower-case hex SHA-256 of the body (`x-acs-content-sha256`).
    public static func hashedPayload(_ body: [UInt8]) -> String {
        Digest.hex(Digest.sha256(body))
    }

    /// Encoded `name=value` pairs sorted by encoded name; an empty value gives `name=`.
    public static func canonicalQuery(_ parameters: [String: String]) -> String {
        parameters
            .map { (PercentEncoding.encode($0.key), PercentEncoding.encode($0.value)) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The signed header names, lower-cased, sorted and joined with `;`.
    public static func signedHeaderNames(_ headers: [String: String]) -> String {
        headers.keys.map { $0.lowercased() }.sorted().joined(separator: ";")
    }

    public static func canonicalRequest(
        httpMethod: String, canonicalURI: String, query: [String: String], signedHeaders: [String: String],
        hashedPayload: String
    ) -> String {
        let headers = signedHeaders
            .map { ($0.key.lowercased(), $0.value.trimmingWhitespace()) }
            .sorted { $0.0 < $1.0 }
        let canonicalHeaders = headers.map { "\($0.0):\($0.1)\n" }.joined()
        let names = headers.map(\.0).joined(separator: ";")
        return [
            httpMethod.uppercased(), canonicalURI.isEmpty ? "/" : canonicalURI, canonicalQuery(query),
            canonicalHeaders, names, hashedPayload,
        ].joined(separator: "\n")
    }

    public static func stringToSign(canonicalRequest: String) -> String {
        algorithm + "\n" + Digest.hex(Digest.sha256(Array(canonicalRequest.utf8)))
    }

    /// Lower-case hex HMAC-SHA256 keyed with the secret itself.
    public static func signature(stringToSign: String, accessKeySecret: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: Array(accessKeySecret.utf8), message: Array(stringToSign.utf8)))
    }

    public static func authorization(accessKeyId: String, signedHeaders: String, signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId),SignedHeaders=\(signedHeaders),Signature=\(signature)"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

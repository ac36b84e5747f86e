import ECSSignature

/// Checks a decoded request's signature against the account's secret.
enum SignatureVerifier {
    /// Throws `SignatureDoesNotMatch` carrying the server's string-to-sign (never the secret).
    static func verify(_ request: ECSRequest, secret: String) throws(ECSServiceError) {
        switch request.style {
        case .rpc(let signature):
            let stringToSign = RPCSignature.stringToSign(httpMethod: request.httpMethod, parameters: request.allParameters)
            let expected = RPCSignature.signature(stringToSign: stringToSign, accessKeySecret: secret)
            guard constantTimeEqual(expected, signature) else { throw GatewayError.signatureDoesNotMatch(stringToSign: stringToSign) }
        case .acs3(let signedHeaders, let signature):
            let stringToSign = ACS3Verification.stringToSign(request, signedHeaders: signedHeaders)
            let expected = ACS3Signature.signature(stringToSign: stringToSign, accessKeySecret: secret)
            guard constantTimeEqual(expected, signature.lowercased()) else {
                throw GatewayError.signatureDoesNotMatch(stringToSign: stringToSign)
            }
        }
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

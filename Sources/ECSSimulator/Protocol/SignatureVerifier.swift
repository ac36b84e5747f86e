import ECSSignature

/// Checks a decoded request's signature against the account's secret.
enum SignatureVerifier {
    /// Throws `SignatureDoesNotMatch` carrying the server's string-to-sign (never the secret).
    static func verify(_ request: ECSRequest, secret: String) throws(ECSServiceError) {
        switch request.style {
        case .rpc(let signature):
            let stringToSign = RPCSignature.stringToSign(httpMethod: request.httpMethod, parameters: request.allParameters)
            let expected = RPCSignature.signature(stringToSign: stringToSign, accessKeySecret: secret)
            guard ConstantTime.equal(expected, signature) else { throw GatewayError.signatureDoesNotMatch(stringToSign: stringToSign) }
        case .acs3(let signedHeaders, let signature):
            let stringToSign = ACS3Verification.stringToSign(request, signedHeaders: signedHeaders)
            let expected = ACS3Signature.signature(stringToSign: stringToSign, accessKeySecret: secret)
            guard ConstantTime.equal(expected, signature.lowercased()) else {
                throw GatewayError.signatureDoesNotMatch(stringToSign: stringToSign)
            }
        }
    }
}

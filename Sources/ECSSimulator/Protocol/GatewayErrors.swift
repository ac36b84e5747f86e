/// The gateway-level errors of the ECS API (facts doc §2.2), with the service's codes, messages and statuses.
/// (A namespace of its own, so it never collides with the engine's error constructors.)
enum GatewayError {
    static func missingParameter(_ name: String) -> ECSServiceError {
        ECSServiceError(
            code: "MissingParameter",
            message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.",
            httpStatus: 400)
    }

    static func incompleteSignature(_ detail: String) -> ECSServiceError {
        ECSServiceError(
            code: "IncompleteSignature",
            message: "The request signature does not conform to Aliyun standards. \(detail)", httpStatus: 400)
    }

    /// The message carries the server's string-to-sign after a colon, as the real gateway does (never the secret).
    static func signatureDoesNotMatch(stringToSign: String) -> ECSServiceError {
        ECSServiceError(
            code: "SignatureDoesNotMatch",
            message: "Specified signature is not matched with our calculation. server string to sign is:\(stringToSign)",
            httpStatus: 400)
    }

    static let accessKeyNotFound = ECSServiceError(
        code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404)

    static let nonceUsed = ECSServiceError(
        code: "SignatureNonceUsed", message: "Specified signature nonce was used already.", httpStatus: 400)

    static let timestampExpired = ECSServiceError(
        code: "InvalidTimeStamp.Expired", message: "Specified time stamp or date value is expired.", httpStatus: 400)

    static func timestampMalformed(_ name: String) -> ECSServiceError {
        ECSServiceError(
            code: "InvalidTimeStamp.Format",
            message: "Specified time stamp or date value is not well formatted: \(name).", httpStatus: 400)
    }

    static let actionNotFound = ECSServiceError(
        code: "InvalidAction.NotFound", message: "Specified api is not found, please check your url and method.",
        httpStatus: 404)

    static let unsupportedMethod = ECSServiceError(
        code: "UnsupportedHTTPMethod", message: "This http method is not supported.", httpStatus: 403)

    static func invalidParameter(_ name: String) -> ECSServiceError {
        ECSServiceError(code: "InvalidParameter", message: "The specified parameter \"\(name)\" is not valid.", httpStatus: 400)
    }

    static let throttling = ECSServiceError(
        code: "Throttling",
        message: "You have made too many requests within a short time; your request is denied due to request throttling.",
        httpStatus: 400)

    static let internalError = ECSServiceError(
        code: "InternalError",
        message: "The request processing has failed due to some unknown error, exception or failure.", httpStatus: 500)

    static let serviceUnavailable = ECSServiceError(
        code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server.",
        httpStatus: 503)
}

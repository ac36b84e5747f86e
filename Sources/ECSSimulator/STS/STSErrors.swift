/// The errors of STS AssumeRole and of calls made with its temporary keys, with the codes, messages and statuses
/// the service uses.
enum STSErrors {
    static func missingParameter(_ name: String) -> ECSServiceError {
        ECSServiceError(
            code: "MissingParameter",
            message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.",
            httpStatus: 400)
    }

    static let invalidRoleArn = ECSServiceError(
        code: "InvalidParameter.RoleArn", message: "The parameter RoleArn is wrongly formed.", httpStatus: 400)

    static let invalidRoleSessionName = ECSServiceError(
        code: "InvalidParameter.RoleSessionName", message: "The parameter RoleSessionName is wrongly formed.",
        httpStatus: 400)

    static let invalidDurationSeconds = ECSServiceError(
        code: "InvalidParameter.DurationSeconds", message: "The Min/Max value of DurationSeconds is 15min/12hr.",
        httpStatus: 400)

    static let invalidExternalId = ECSServiceError(
        code: "InvalidParameter.ExternalId", message: "The parameter ExternalId is wrongly formed.", httpStatus: 400)

    static let invalidPolicy = ECSServiceError(
        code: "InvalidParameter.PolicyGrammar", message: "The parameter Policy has not passed grammar check.",
        httpStatus: 400)

    /// A temporary key sent without its token.
    static let missingSecurityToken = ECSServiceError(
        code: "MissingSecurityToken", message: "SecurityToken is mandatory for this action.", httpStatus: 400)

    /// A temporary key sent with another key's token (or a made-up one).
    static let tokenMismatch = ECSServiceError(
        code: "InvalidSecurityToken.MismatchWithAccessKey", message: "Specified SecurityToken mismatch with the AccessKey.",
        httpStatus: 400)

    static let tokenExpired = ECSServiceError(
        code: "InvalidSecurityToken.Expired", message: "Specified SecurityToken is expired.", httpStatus: 400)
}

import Foundation

/// What a call signed with an STS temporary key must also carry: the key's own SecurityToken, before it expires.
enum TemporaryKeyCheck {
    static func verify(_ request: ECSRequest, against key: TemporaryAccessKey, now: Date) throws(ECSServiceError) {
        guard let token = request.securityToken else { throw STSErrors.missingSecurityToken }
        guard ConstantTime.equal(token, key.securityToken) else { throw STSErrors.tokenMismatch }
        guard now < key.expiration else { throw STSErrors.tokenExpired }
    }
}

import Foundation

/// What a call signed with an STS temporary key must also carry: the key's own SecurityToken, before it expires.
enum TemporaryKeyCheck {
    static func verify(_ request: ECSRequest, against key: TemporaryAccessKey, now: Date) throws(ECSServiceError) {
        guard let token = request.securityToken else { throw STSErrors.missingSecurityToken }
        guard constantTimeEqual(token, key.securityToken) else { throw STSErrors.tokenMismatch }
        guard now < key.expiration else { throw STSErrors.tokenExpired }
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

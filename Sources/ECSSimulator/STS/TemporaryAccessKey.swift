import Foundation

/// A key pair STS issued: usable for ECS calls with its SecurityToken until `expiration`, in the account of the key
/// that assumed the role.
struct TemporaryAccessKey: Sendable {
    var id: String
    var secret: String
    var securityToken: String
    var expiration: Date
    var account: String
}

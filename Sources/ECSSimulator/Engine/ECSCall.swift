// SPDX-License-Identifier: Apache-2.0

/// One ECS API call as the engine sees it: the action, the raw wire parameters and the calling account.
public struct ECSCall: Sendable {
    public var action: String
    /// Parameters exactly as the SDKs send them (`InstanceId.1`, `Tag.1.Key`, `SystemDisk.Size`, ...).
    public var parameters: [String: String]
    public var accountID: String

    public init(action: String, parameters: [String: String], accountID: String) {
        self.action = action
        self.parameters = parameters
        self.accountID = accountID
    }
}

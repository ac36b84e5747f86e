// SPDX-License-Identifier: Apache-2.0

/// A service error exactly as ECS reports it: code, English message and HTTP status.
///
/// Dry-run successes (`DryRunOperation`, `DRYRUN.SUCCESS`) are errors on the wire and travel this way too.
public struct ECSServiceError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public var httpStatus: Int

    public init(code: String, message: String, httpStatus: Int) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }
}

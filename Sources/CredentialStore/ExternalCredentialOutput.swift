import Foundation
import JSON

/// The JSON an External `process_command` prints: `{"mode": "AK"|"StsToken", "access_key_id", "access_key_secret",
/// "sts_token"}` (the aliyun CLI reads it as a profile), optionally with an ISO 8601 `expiration`.
enum ExternalCredentialOutput {
    static func parse(_ bytes: [UInt8]) -> Result<TemporaryCredentials, AnswerProblem> {
        guard let value = try? JSONValue.parse(bytes), value.objectValue != nil else {
            return .failure(AnswerProblem("did not print a JSON object"))
        }
        func field(_ name: String) -> String? {
            value[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        let token = field("sts_token")
        let mode = field("mode") ?? (token == nil ? "AK" : "StsToken")
        guard mode.caseInsensitiveCompare("AK") == .orderedSame || mode.caseInsensitiveCompare("StsToken") == .orderedSame
        else {
            // Only a mode the CLI knows is named: the output is the command's, and may carry secrets anywhere.
            let known = AliyunCLIConfiguration.Profile.knownModes.first { $0.caseInsensitiveCompare(mode) == .orderedSame }
            let shown = known.map { "mode \($0)" } ?? "an unknown mode"
            return .failure(AnswerProblem("printed \(shown); only AK and StsToken are accepted from a process"))
        }
        guard let id = field("access_key_id") else { return .failure(AnswerProblem("printed no access_key_id")) }
        guard let secret = field("access_key_secret") else { return .failure(AnswerProblem("printed no access_key_secret")) }
        let isSTS = mode.caseInsensitiveCompare("StsToken") == .orderedSame
        if isSTS && token == nil { return .failure(AnswerProblem("printed mode StsToken without sts_token")) }
        var expiration: Date?
        if let text = field("expiration") ?? field("Expiration") {
            guard let date = TemporaryCredentials.parseDate(text) else { return .failure(AnswerProblem("printed an unreadable expiration")) }
            expiration = date
        }
        return .success(
            TemporaryCredentials(
                credentials: AccessCredentials(accessKeyId: id, accessKeySecret: secret, securityToken: isSTS ? token : nil),
                expiration: expiration))
    }
}

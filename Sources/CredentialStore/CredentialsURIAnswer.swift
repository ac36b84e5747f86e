import Foundation
import JSON

/// A CredentialsURI profile's URL and its answer `{Code: "Success", AccessKeyId, AccessKeySecret, SecurityToken,
/// Expiration}`; only `https://` URLs, or `http://` to a loopback host, are used.
enum CredentialsURIAnswer {
    /// Nil when the URL may be fetched; otherwise why not.
    static func refusal(_ uri: String) -> String? {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return "is not an http(s) URL" }
        if components.user != nil || components.password != nil { return "must not carry user information" }
        switch scheme {
        case "https": return nil
        case "http": return isLoopback(host) ? nil : "uses plain http to a host that is not loopback; use https"
        default: return "must be https (or http to a loopback host)"
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let lower = bare.lowercased()
        if lower == "localhost" || lower == "::1" { return true }
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    static func parse(status: Int, body: [UInt8]) -> Result<TemporaryCredentials, AnswerProblem> {
        guard status == 200 else { return .failure(AnswerProblem("answered HTTP \(status)")) }
        guard let value = try? JSONValue.parse(body), value.objectValue != nil else {
            return .failure(AnswerProblem("did not answer a JSON object"))
        }
        guard let code = value["Code"]?.stringValue else { return .failure(AnswerProblem("answered without Code")) }
        guard code == "Success" else { return .failure(AnswerProblem("answered Code \(code)")) }
        return TemporaryCredentials.parse(value).mapError { AnswerProblem($0.description) }
    }
}

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

    /// `uri` as it may be shown in errors and logs: scheme, host, port and path, without user information, query or
    /// fragment (a credentials URI may carry a token in its query).
    static func displayable(_ uri: String) -> String {
        guard let components = URLComponents(string: uri), let scheme = components.scheme, let host = components.host,
            !host.isEmpty
        else { return "the credentials_uri" }
        var shown = URLComponents()
        shown.scheme = scheme
        shown.host = host
        shown.port = components.port
        shown.percentEncodedPath = components.percentEncodedPath
        return shown.string ?? "the credentials_uri"
    }

    /// `text` with the URI (and its query, should it appear alone) replaced by its displayable form.
    static func scrub(_ text: String, uri: String) -> String {
        var result = text.replacingOccurrences(of: uri, with: displayable(uri))
        if let query = URLComponents(string: uri)?.percentEncodedQuery, query.count >= 4 {
            result = result.replacingOccurrences(of: query, with: "…")
        }
        if let fragment = URLComponents(string: uri)?.percentEncodedFragment, fragment.count >= 4 {
            result = result.replacingOccurrences(of: fragment, with: "…")
        }
        return result
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
        // The answer is never quoted, not even its Code: it may carry secrets anywhere.
        guard code == "Success" else { return .failure(AnswerProblem("answered a Code other than Success")) }
        return TemporaryCredentials.parse(value).mapError { AnswerProblem($0.description) }
    }
}

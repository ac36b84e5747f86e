import Foundation
import Testing

@testable import CredentialStore

/// What a credential command prints or a credentials URI answers may hold secrets; a problem with it is described
/// without quoting any of it.
@Suite("Fetched credential answers are never quoted in errors")
struct FetchedAnswerLeakTests {
    static let canary = "CANARYSECRET123fetched"

    @Test("an External command's unsupported mode is not echoed")
    func externalModeNotEchoed() throws {
        let output = #"{"mode": "\#(Self.canary)", "access_key_id": "a", "access_key_secret": "\#(Self.canary)"}"#
        guard case .failure(let problem) = ExternalCredentialOutput.parse(Array(output.utf8)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(!problem.description.contains(Self.canary), "\(problem)")
        #expect(problem.description.contains("mode"))
    }

    @Test("a credentials URI's Code other than Success is not echoed")
    func credentialsURICodeNotEchoed() throws {
        let body = #"{"Code": "\#(Self.canary)", "AccessKeySecret": "\#(Self.canary)"}"#
        guard case .failure(let problem) = CredentialsURIAnswer.parse(status: 200, body: Array(body.utf8)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(!problem.description.contains(Self.canary), "\(problem)")
        #expect(problem.description.contains("Code"))
    }

    @Test("a credentials URI that cannot be fetched is named without its query, fragment or user information")
    func credentialsURIShownWithoutQuery() async throws {
        let home = TemporaryDirectory()
        let uri = "http://127.0.0.1:1/creds?token=\(Self.canary)#\(Self.canary)"
        home.write(
            #"{"current": "uri", "profiles": [{"name": "uri", "mode": "CredentialsURI", "credentials_uri": "\#(uri)"}]}"#,
            to: ".aliyun/config.json")
        let services = CredentialServices(fetchURL: { url throws(RemoteCredentialFailure) in
            throw .unreachable("cannot reach \(url): connection refused")
        })
        let provider = CredentialProvider(environment: ["HOME": home.path, "ECSRPC_CONFIG_DIR": home.path + "/store"])
            .with(services: services)
        do {
            _ = try await provider.resolve(CredentialRequest())
            Issue.record("expected a failure")
        } catch {
            #expect(!"\(error)".contains(Self.canary), "\(error)")
            #expect("\(error)".contains("http://127.0.0.1:1/creds"), "\(error)")
        }
    }

    @Test("displayable URLs keep scheme, host, port and path only")
    func displayableURL() {
        #expect(CredentialsURIAnswer.displayable("https://u:p@h.example.com:8443/a/b?x=1#f") == "https://h.example.com:8443/a/b")
        #expect(CredentialsURIAnswer.displayable("http://127.0.0.1:9/c?token=s") == "http://127.0.0.1:9/c")
        #expect(CredentialsURIAnswer.displayable("http://[::1]:9/c?token=s") == "http://[::1]:9/c")
        #expect(CredentialsURIAnswer.displayable("not a url ?token=s") == "the credentials_uri")
    }
}

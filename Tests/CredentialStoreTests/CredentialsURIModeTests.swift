import Foundation
import JSON
import Synchronization
import Testing

@testable import CredentialStore

final class URLRecorder: Sendable {
    private let urls = Mutex<[String]>([])
    func withLock<T>(_ body: (inout [String]) -> T) -> T { urls.withLock { body(&$0) } }
}

enum JSONValueFixture {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }
}

@Suite("aliyun CLI CredentialsURI mode")
struct CredentialsURIModeTests {
    static func provider(uri: String, answer: @escaping @Sendable (String) -> (Int, String), fetched: URLRecorder, clock: ManualClock)
        -> (TemporaryDirectory, CredentialProvider)
    {
        let home = TemporaryDirectory()
        home.write(#"{"current": "uri", "profiles": [{"name": "uri", "mode": "CredentialsURI", "credentials_uri": "\#(uri)"}]}"#, to: ".aliyun/config.json")
        let services = CredentialServices(
            fetchURL: { url throws(RemoteCredentialFailure) in
                fetched.withLock { $0.append(url) }
                let (status, body) = answer(url)
                return (status, Array(body.utf8))
            }, now: { clock.now() })
        return (home, CredentialProvider(environment: ["HOME": home.path, "ECSRPC_CONFIG_DIR": home.path + "/store"]).with(services: services))
    }

    @Test("a Success answer gives STS credentials, cached until five minutes before Expiration")
    func success() async throws {
        let clock = ManualClock()
        let fetched = URLRecorder()
        let expiration = TemporaryCredentials.format(clock.now().addingTimeInterval(1200))
        let (home1, provider) = Self.provider(
            uri: "http://127.0.0.1:8080/creds?role=x",
            answer: { _ in
                (200, #"{"Code": "Success", "AccessKeyId": "STS.uri", "AccessKeySecret": "Uri-Secret", "SecurityToken": "Uri-Token", "Expiration": "\#(expiration)"}"#)
            }, fetched: fetched, clock: clock)
        defer { withExtendedLifetime(home1) {} }
        let resolved = try await provider.resolve(CredentialRequest())
        #expect(resolved.credentials == AccessCredentials(accessKeyId: "STS.uri", accessKeySecret: "Uri-Secret", securityToken: "Uri-Token"))
        #expect(resolved.source.description == "aliyun-cli:uri (CredentialsURI)")
        #expect(fetched.withLock { $0 } == ["http://127.0.0.1:8080/creds?role=x"])
        clock.advance(899)
        _ = try await provider.resolve(CredentialRequest())
        #expect(fetched.withLock { $0.count } == 1)
        clock.advance(2)
        _ = try await provider.resolve(CredentialRequest())
        #expect(fetched.withLock { $0.count } == 2)
    }

    @Test("bad answers fail naming the profile without quoting the body; failures are not cached")
    func badAnswers() async throws {
        let cases: [(Int, String, String)] = [
            (500, "oops Uri-Secret", "answered HTTP 500"),
            (200, "not json Uri-Secret", "did not answer a JSON object"),
            (200, #"{"Code": "Failed", "AccessKeySecret": "Uri-Secret"}"#, "answered a Code other than Success"),
            (200, #"{"Code": "Success", "AccessKeyId": "a"}"#, "no usable AccessKeySecret"),
        ]
        for (status, body, expected) in cases {
            let fetched = URLRecorder()
            let (home2, provider) = Self.provider(uri: "https://creds.example.test/x", answer: { _ in (status, body) }, fetched: fetched, clock: ManualClock())
            defer { withExtendedLifetime(home2) {} }
            for _ in 0..<2 {
                do throws(CredentialResolutionError) {
                    _ = try await provider.resolve(CredentialRequest())
                    Issue.record("expected \(expected)")
                } catch {
                    #expect(error.description.contains("profile 'uri'"))
                    #expect(error.description.contains(expected), "\(error.description)")
                    #expect(!error.description.contains("Uri-Secret"))
                }
            }
            #expect(fetched.withLock { $0.count } == 2)
        }
    }

    @Test("only https, or http to a loopback host, is fetched")
    func refusedURLs() async throws {
        for uri in ["http://169.254.100.200/latest/meta-data", "http://example.com/creds", "ftp://127.0.0.1/x", "not a url"] {
            let fetched = URLRecorder()
            let (home3, provider) = Self.provider(uri: uri, answer: { _ in (200, "{}") }, fetched: fetched, clock: ManualClock())
            defer { withExtendedLifetime(home3) {} }
            await #expect(throws: CredentialResolutionError.self) { try await provider.resolve(CredentialRequest()) }
            #expect(fetched.withLock { $0.isEmpty })
        }
        #expect(CredentialsURIAnswer.refusal("http://[::1]:80/x") == nil)
        #expect(CredentialsURIAnswer.refusal("http://localhost/x") == nil)
        #expect(CredentialsURIAnswer.refusal("https://sts.example.com/x") == nil)
    }
}

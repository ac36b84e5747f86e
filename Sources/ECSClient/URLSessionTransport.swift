import Foundation
import Synchronization
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTPS `HTTPTransport` (behind ``LoopbackHTTPTransport``): one shared URLSession (so connections are reused)
/// and a deadline of our own, because URLSession on Linux rounds its timeouts to whole seconds.
public final class URLSessionTransport: HTTPTransport {
    /// Made by the first call, not at `serve` start-up: creating it costs milliseconds, and loopback calls never need it.
    private let createdSession = Mutex<URLSession?>(nil)
    private let makeSession: @Sendable () -> URLSession

    /// - Parameters:
    ///   - readTimeout: the URLSession idle timeout (rounded up to whole seconds by URLSession itself).
    ///   - maximumConnectionsPerHost: how many connections to one endpoint may be open at once.
    public init(readTimeout: Duration, maximumConnectionsPerHost: Int = 8) {
        let seconds = max(1, (Double(readTimeout.components.seconds) + Double(readTimeout.components.attoseconds) / 1e18).rounded(.up))
        makeSession = {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = seconds
            configuration.timeoutIntervalForResource = seconds + 60
            configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.urlCache = nil
            configuration.httpCookieStorage = nil
            configuration.httpShouldSetCookies = false
            return URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
        }
    }

    deinit { createdSession.withLock { $0 }?.finishTasksAndInvalidate() }

    /// Whether the URLSession exists yet.
    var hasSession: Bool { createdSession.withLock { $0 != nil } }

    private var session: URLSession {
        createdSession.withLock { created in
            if let created { return created }
            let session = makeSession()
            created = session
            return session
        }
    }

    public func send(_ request: HTTPRequestMessage, timeout: Duration) async throws(TransportFailure) -> HTTPResponseMessage {
        guard URL(string: request.url) != nil else { throw .other("malformed URL") }
        let session = self.session
        let outcome: Result<HTTPResponseMessage, TransportFailure> = await withTaskGroup(
            of: Result<HTTPResponseMessage, TransportFailure>?.self
        ) { group in
            group.addTask {
                do {
                    let (data, response) = try await session.data(for: Self.urlRequest(for: request))
                    guard let http = response as? HTTPURLResponse else { return .failure(.other("not an HTTP response")) }
                    var headers: [String: String] = [:]
                    for (key, value) in http.allHeaderFields {
                        headers[String(describing: key).lowercased()] = String(describing: value)
                    }
                    return .success(HTTPResponseMessage(status: http.statusCode, headers: headers, body: [UInt8](data)))
                } catch {
                    return .failure(Self.failure(from: error, timeout: timeout))
                }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return .failure(.timedOut(seconds: Self.seconds(timeout)))
            }
            var first: Result<HTTPResponseMessage, TransportFailure> = .failure(.other("cancelled"))
            for await result in group {
                if let result {
                    first = result
                    break
                }
            }
            group.cancelAll()
            return first
        }
        return try outcome.get()
    }

    static func urlRequest(for request: HTTPRequestMessage) -> URLRequest {
        var urlRequest = URLRequest(url: URL(string: request.url) ?? URL(fileURLWithPath: "/"))
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if request.method == "POST" { urlRequest.httpBody = Data() }
        return urlRequest
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func failure(from error: any Error, timeout: Duration) -> TransportFailure {
        guard let urlError = error as? URLError else {
            if error is CancellationError { return .other("cancelled") }
            return .other("unexpected \(type(of: error))")
        }
        switch urlError.code {
        case .cannotConnectToHost: return .connectionRefused
        case .timedOut: return .timedOut(seconds: seconds(timeout))
        case .cannotFindHost, .dnsLookupFailed: return .hostNotFound
        case .networkConnectionLost, .badServerResponse, .cannotParseResponse, .zeroByteResource: return .connectionLost
        case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
            .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
            .clientCertificateRequired:
            return .tls("URLError \(urlError.code.rawValue)")
        case .cancelled: return .other("cancelled")
        default: return .other("URLError \(urlError.code.rawValue)")
        }
    }
}

/// ECS never redirects; following one could leave the checked endpoint (or HTTPS), so the 3xx itself is the answer.
final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

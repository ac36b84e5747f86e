import Dispatch
import Synchronization

/// The parsed store and aliyun CLI file of the last resolution, reused while their `FileIdentity` is unchanged,
/// so a call without credentials costs two `stat`s, not two reads and parses. Its serial queue keeps this
/// blocking file work off the cooperative pool without a thread per call.
final class ResolutionCache: Sendable {
    private struct Entry<Value: Sendable>: Sendable {
        let identity: FileIdentity?
        let value: Value
    }

    private struct State: Sendable {
        var store: Entry<Result<StoredCredentials, CredentialStoreError>>?
        var aliyunCLI: Entry<Result<AliyunCLIConfiguration, AliyunConfigurationProblem>?>?
    }

    private let state = Mutex(State())
    let queue = DispatchQueue(label: "ecsrpc.credential-resolution")

    /// The store's contents (or why they cannot be used), read again only when the file changed.
    func store(_ store: CredentialStore) -> Result<StoredCredentials, CredentialStoreError> {
        let identity = FileIdentity.of(store.filePath)
        if let cached = state.withLock({ $0.store }), cached.identity == identity { return cached.value }
        let value: Result<StoredCredentials, CredentialStoreError> = Result { () throws(CredentialStoreError) in
            try store.load()
        }
        state.withLock { $0.store = Entry(identity: identity, value: value) }
        return value
    }

    /// The aliyun CLI file (nil when absent), read again only when it changed.
    func aliyunCLI(at path: String) -> Result<AliyunCLIConfiguration, AliyunConfigurationProblem>? {
        let identity = FileIdentity.of(path)
        if let cached = state.withLock({ $0.aliyunCLI }), cached.identity == identity { return cached.value }
        let value = identity == nil ? nil : AliyunCLIConfiguration.load(path: path)
        state.withLock { $0.aliyunCLI = Entry(identity: identity, value: value) }
        return value
    }

    /// Runs `work` on the cache's serial queue and awaits it.
    func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}

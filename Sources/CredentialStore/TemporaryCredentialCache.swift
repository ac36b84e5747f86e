import Foundation

/// Fetched credentials by the recipe that produced them, kept until shortly before they expire; concurrent
/// requests for the same recipe share one fetch. Failures are never kept.
actor TemporaryCredentialCache {
    struct Key: Hashable, Sendable {
        var profile: String
        var recipe: AliyunCredentialRecipe
        /// For ChainableRamRoleArn: the source profile's credentials of the moment.
        var signer: AccessCredentials?
    }

    /// What a fetch gives: the credentials and until when they may be used.
    struct Entry: Sendable {
        var credentials: TemporaryCredentials
        var usableUntil: Date
    }

    private var entries: [Key: Entry] = [:]
    private var inFlight: [Key: Task<Result<Entry, AliyunProfileProblem>, Never>] = [:]

    /// The cached entry for `key` while usable at `now`, else the result of `fetch` (cached when it succeeds).
    func value(
        for key: Key, now: Date, lifetime: @escaping @Sendable (TemporaryCredentials) -> Date,
        fetch: @escaping @Sendable () async throws(AliyunProfileProblem) -> TemporaryCredentials
    ) async throws(AliyunProfileProblem) -> Entry {
        if let entry = entries[key], entry.usableUntil > now { return entry }
        let task: Task<Result<Entry, AliyunProfileProblem>, Never>
        if let running = inFlight[key] {
            task = running
        } else {
            task = Task {
                do throws(AliyunProfileProblem) {
                    let fetched = try await fetch()
                    return .success(Entry(credentials: fetched, usableUntil: lifetime(fetched)))
                } catch {
                    return .failure(error)
                }
            }
            inFlight[key] = task
        }
        let result = await task.value
        if inFlight[key] == task { inFlight[key] = nil }
        switch result {
        case .success(let entry):
            entries = entries.filter { $0.value.usableUntil > now }
            if entry.usableUntil > now { entries[key] = entry }
            return entry
        case .failure(let problem):
            entries[key] = nil
            throw problem
        }
    }

    /// Forgets everything (tests, and a changed file).
    func removeAll() { entries.removeAll() }

    var count: Int { entries.count }
}

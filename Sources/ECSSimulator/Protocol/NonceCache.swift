import Foundation

/// Remembers signature nonces for a time window so a replayed request is refused; memory is bounded.
///
/// At most `capacity` nonces are held, as fixed-size `NonceKey`s in a ring in arrival order: the oldest is
/// forgotten when the window passes or, when full, to make room, and its slot is reused. Memory therefore stays
/// at `capacity` entries however long the traffic lasts (`bench/simulator-memory` measures it).
struct NonceCache: Sendable {
    let window: TimeInterval
    let capacity: Int
    private var seen: [NonceKey: Date] = [:]
    /// Grows to `capacity`, then wraps; live entries are `live` slots from `oldest`.
    private var ring: [Entry] = []
    private var oldest = 0
    private var live = 0

    private struct Entry: Sendable {
        var key: NonceKey
        var at: Date
    }

    init(window: TimeInterval, capacity: Int) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Records the nonce; false when it was already used within the window.
    mutating func insert(_ nonce: String, accessKeyID: String, now: Date) -> Bool {
        expire(before: now.addingTimeInterval(-window))
        let key = NonceKey(accessKeyID: accessKeyID, nonce: nonce)
        if seen[key] != nil { return false }
        if live == capacity { forgetOldest() }
        let slot = (oldest + live) % capacity
        let entry = Entry(key: key, at: now)
        if slot == ring.count { ring.append(entry) } else { ring[slot] = entry }
        live += 1
        seen[key] = now
        return true
    }

    /// Nonces remembered now.
    var count: Int { seen.count }

    /// Ring slots allocated (never more than `capacity`).
    var slots: Int { ring.count }

    mutating func removeAll() {
        seen = [:]
        ring = []
        oldest = 0
        live = 0
    }

    private mutating func expire(before limit: Date) {
        while live > 0, ring[oldest].at < limit { forgetOldest() }
    }

    private mutating func forgetOldest() {
        // Each remembered key has exactly one live slot: a key is only added when it is not remembered.
        seen.removeValue(forKey: ring[oldest].key)
        oldest = (oldest + 1) % capacity
        live -= 1
    }
}

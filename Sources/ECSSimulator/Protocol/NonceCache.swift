import Foundation

/// Remembers signature nonces for a time window so a replayed request is refused; memory is bounded.
struct NonceCache: Sendable {
    let window: TimeInterval
    let capacity: Int
    private var seen: [String: Date] = [:]
    private var order: [(key: String, at: Date)] = []
    private var head = 0

    init(window: TimeInterval, capacity: Int) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Records the nonce; false when it was already used within the window.
    mutating func insert(_ nonce: String, accessKeyID: String, now: Date) -> Bool {
        expire(before: now.addingTimeInterval(-window))
        let key = accessKeyID + "\u{0}" + nonce
        if seen[key] != nil { return false }
        while seen.count >= capacity, head < order.count {
            seen.removeValue(forKey: order[head].key)
            head += 1
        }
        seen[key] = now
        order.append((key, now))
        compact()
        return true
    }

    var count: Int { seen.count }

    mutating func removeAll() {
        seen = [:]
        order = []
        head = 0
    }

    private mutating func expire(before limit: Date) {
        while head < order.count, order[head].at < limit {
            let entry = order[head]
            if seen[entry.key] == entry.at { seen.removeValue(forKey: entry.key) }
            head += 1
        }
    }

    private mutating func compact() {
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}

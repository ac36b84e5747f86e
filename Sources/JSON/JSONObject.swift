// SPDX-License-Identifier: Apache-2.0

/// A JSON object that keeps its members in the order they were written or inserted.
///
/// Lookups are linear, which is faster than hashing for the dozens of keys ECS records have.
/// Equality ignores order: two objects are equal when they have the same members.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    private var members: [Element]
    /// The exact text this object was parsed from, when the parser was asked to keep it; any change forgets it.
    /// Not part of equality or hashing.
    var verbatimText: [UInt8]?

    public init() { members = [] }

    /// An object of these members; a repeated key keeps its last value, at its first position.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init(parsedMembers: pairs.map { (key: $0.0, value: $0.1) })
    }

    /// An object of members whose keys the caller knows to be distinct: no duplicate check,
    /// for building large answers fast. A repeated key would make lookups see only the first.
    public init(uniqueKeysWithValues pairs: [(String, JSONValue)]) {
        members = pairs.map { (key: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Builds from members in order, keeping the last of repeated keys at the first one's place.
    init(parsedMembers: [Element]) {
        if JSONObject.hasRepeatedKeys(parsedMembers) {
            members = []
            for member in parsedMembers { self[member.key] = member.value }
        } else {
            members = parsedMembers
        }
    }

    private static func hasRepeatedKeys(_ members: [Element]) -> Bool {
        // Comparing pairs beats hashing for the few dozen keys objects usually have.
        if members.count <= 32 {
            for later in members.indices.dropFirst() {
                for earlier in 0..<later where members[earlier].key == members[later].key { return true }
            }
            return false
        }
        var seen = Set<String>(minimumCapacity: members.count)
        for member in members where !seen.insert(member.key).inserted { return true }
        return false
    }

    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            verbatimText = nil
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        verbatimText = nil
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        return members.remove(at: index).value
    }

    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> { members.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

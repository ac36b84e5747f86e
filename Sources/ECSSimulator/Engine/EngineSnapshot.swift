// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The engine's persistent state as read back: instances (with their pending transitions) and idempotency
/// tokens. `SnapshotWriter` writes it.
struct EngineSnapshot: Codable, Sendable {
    var format = 1
    var nextSequence: Int
    var instances: [InstanceRecord]
    var idempotency: [IdempotencyEntry]

    init(nextSequence: Int, instances: [InstanceRecord], idempotency: [IdempotencyEntry]) {
        self.nextSequence = nextSequence
        self.instances = instances
        self.idempotency = idempotency
    }

    static func decode(_ data: Data) throws -> EngineSnapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let snapshot = try decoder.decode(EngineSnapshot.self, from: data)
        guard snapshot.format == 1 else { throw SnapshotError.unsupportedFormat(snapshot.format) }
        return snapshot
    }
}

/// A state file the engine cannot read.
public enum SnapshotError: Error, Sendable, Equatable {
    case unsupportedFormat(Int)
}

/// A remembered ClientToken: the request it came with and the answer it got.
struct IdempotencyEntry: Codable, Sendable {
    /// Account, action and token.
    var key: String
    /// A digest of the request's parameters (never the parameters: they may hold a password).
    var parametersDigest: String
    /// The success body as JSON text (text keeps the key order).
    var result: String

    static func key(account: String, action: String, token: String) -> String {
        account + "\u{1}" + action + "\u{1}" + token
    }

    /// Order-independent digest of request parameters (two FNV-1a passes, 128 bits).
    static func digest(_ parameters: [String: String]) -> String {
        let canonical = parameters.sorted { $0.key < $1.key }.map { $0.key + "\u{0}" + $0.value }
            .joined(separator: "\u{1}")
        let first = StableHash.fnv1a(canonical)
        let second = StableHash.fnv1a("salt\u{2}" + canonical)
        return String(first, radix: 16) + String(second, radix: 16)
    }
}

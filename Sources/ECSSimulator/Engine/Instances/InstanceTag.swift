// SPDX-License-Identifier: Apache-2.0

/// A tag on an instance (`Tag.N.Key` / `Tag.N.Value`).
struct InstanceTag: Codable, Sendable, Hashable {
    var key: String
    var value: String
}

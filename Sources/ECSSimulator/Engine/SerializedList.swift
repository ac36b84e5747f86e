// SPDX-License-Identifier: Apache-2.0

/// Records already serialized as compact JSON, under a list wrapper such as `{"Instances":{"Instance":[…]}}`.
public struct SerializedList: Sendable {
    public var key: String
    public var itemKey: String
    /// One compact JSON text per item.
    public var items: [[UInt8]]

    public init(key: String, itemKey: String, items: [[UInt8]]) {
        self.key = key
        self.itemKey = itemKey
        self.items = items
    }
}

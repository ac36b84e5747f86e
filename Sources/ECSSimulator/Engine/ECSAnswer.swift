// SPDX-License-Identifier: Apache-2.0

import JSON

/// The body of a successful answer (without `RequestId`); a list of records may come already serialized,
/// so the gateway copies their bytes instead of building and serializing JSON values per request.
public struct ECSAnswer: Sendable {
    /// The body's members, in order; the serialized list, if any, follows them.
    public var fields: JSONObject
    /// A last member `{"<key>":{"<itemKey>":[items]}}` whose items are compact JSON texts.
    public var serializedList: SerializedList?

    public init(fields: JSONObject, serializedList: SerializedList? = nil) {
        self.fields = fields
        self.serializedList = serializedList
    }

    /// The whole body as JSON values (parses the serialized items; for XML answers and tests).
    public var object: JSONObject {
        guard let serializedList else { return fields }
        var object = fields
        let items = serializedList.items.map { bytes in (try? JSONValue.parse(bytes)) ?? .null }
        object[serializedList.key] = [serializedList.itemKey: .array(items)]
        return object
    }
}

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

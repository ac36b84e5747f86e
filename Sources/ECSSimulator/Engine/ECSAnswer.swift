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

    /// The whole body with `RequestId` first (replacing one among the fields).
    public func object(requestID: String) -> JSONObject {
        Self.withRequestID(object, requestID)
    }

    /// `{"RequestId":…, fields…, "Key":{"Item":[items]}}` as compact JSON: serialized items are copied, not parsed.
    public func jsonBytes(requestID: String) -> [UInt8] {
        var head = JSONValue.object(Self.withRequestID(fields, requestID)).serializedBytes()
        guard let list = serializedList else { return head }
        let itemBytes = list.items.reduce(0) { $0 + $1.count + 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.count + list.key.utf8.count + list.itemKey.utf8.count + itemBytes + 16)
        head.removeLast()  // the closing brace: the list is the last member
        bytes.append(contentsOf: head)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: JSONValue.string(list.key).serializedBytes())
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: "{")])
        bytes.append(contentsOf: JSONValue.string(list.itemKey).serializedBytes())
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: "[")])
        for (position, item) in list.items.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "}")])
        return bytes
    }

    private static func withRequestID(_ body: JSONObject, _ requestID: String) -> JSONObject {
        var members: [(String, JSONValue)] = [("RequestId", .string(requestID))]
        members.reserveCapacity(body.count + 1)
        for (key, value) in body where key != "RequestId" { members.append((key, value)) }
        return JSONObject(uniqueKeysWithValues: members)
    }
}

import JSON

/// Joins several ECS answers into one body shaped like a single answer: the first body with its list replaced.
enum ResponseMerger {
    /// The wrapped list at `container.item` (e.g. `Instances.Instance`), or nil when the body has none.
    static func items(in body: JSONValue, container: String, item: String) -> [JSONValue]? {
        body[container]?[item]?.arrayValue
    }

    /// `body` with `container.item` replaced by `items`, and top-level `overrides` applied.
    static func replacing(
        _ body: JSONValue, container: String, item: String, with items: [JSONValue], overrides: [(String, JSONValue)] = []
    ) -> JSONValue {
        guard var object = body.objectValue else { return body }
        var wrapper = object[container]?.objectValue ?? JSONObject()
        wrapper[item] = .array(items)
        object[container] = .object(wrapper)
        for (key, value) in overrides where object[key] != nil { object[key] = value }
        return .object(object)
    }
}

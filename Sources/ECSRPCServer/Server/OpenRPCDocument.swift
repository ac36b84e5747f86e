import JSON

/// The OpenRPC 1.3 document describing every method, compiled into the binary from `schema/openrpc.json`.
///
/// `scripts/embed-schema` regenerates `OpenRPCDocument+Embedded.swift`; a test fails when it is stale.
public enum OpenRPCDocument {
    /// The document as parsed JSON (what `rpc.discover` returns).
    public static let document: JSONValue = {
        (try? JSONValue.parse(embeddedText)) ?? ["openrpc": "1.3.2", "info": ["title": "ecsrpc", "version": "unknown"], "methods": []]
    }()

    /// The names of the documented methods.
    public static var methodNames: [String] {
        (document["methods"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted()
    }
}

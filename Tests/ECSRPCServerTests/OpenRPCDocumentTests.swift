import Foundation
import JSON
import JSONRPC
import Testing
import TestSupport

@testable import ECSRPCServer

@Suite("OpenRPC document")
struct OpenRPCDocumentTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private var document: JSONValue { OpenRPCDocument.document }

    @Test("the embedded copy matches schema/openrpc.json (run scripts/embed-schema after editing it)")
    func embeddedIsCurrent() throws {
        let source = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("schema/openrpc.json"), encoding: .utf8)
        #expect(OpenRPCDocument.embeddedText.trimmingCharacters(in: .whitespacesAndNewlines)
            == source.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(document["openrpc"] == "1.3.2")
        #expect(document["info"]?["version"] == .string(ServerVersion.version))
    }

    @Test("the registered methods and the documented methods are the same set")
    func registeredEqualsDocumented() async throws {
        let service = try await Service(configuration: ServiceConfiguration(), logger: .disabled)
        #expect(service.registry.methodNames == OpenRPCDocument.methodNames)
        #expect(!service.registry.methodNames.contains { $0.hasPrefix("debug.") })
    }

    @Test("every method documents params, a result schema and its errors")
    func methodsComplete() throws {
        let methods = try #require(document["methods"]?.arrayValue)
        for method in methods {
            let name = method["name"]?.stringValue ?? "?"
            #expect(method["params"]?.arrayValue != nil, "\(name) params")
            #expect(method["result"]?["schema"]?.objectValue != nil, "\(name) result schema")
            #expect(method["summary"]?.stringValue?.isEmpty == false, "\(name) summary")
            #expect(method["examples"]?.arrayValue?.isEmpty == false, "\(name) examples")
            for error in method["errors"]?.arrayValue ?? [] {
                if let reference = error["$ref"]?.stringValue {
                    #expect(JSONSchemaValidator(root: document).resolve(reference) != nil, "\(name) \(reference)")
                }
            }
        }
    }

    @Test("every example validates against its method's param and result schemas")
    func examplesValidate() throws {
        let validator = JSONSchemaValidator(root: document)
        var checked = 0
        for method in document["methods"]?.arrayValue ?? [] {
            let name = method["name"]?.stringValue ?? "?"
            // A param may list accepted alternative names under "x-aliases"; examples may use them.
            let paramSchemas = Dictionary(
                (method["params"]?.arrayValue ?? []).flatMap { param -> [(String, JSONValue)] in
                    guard let paramName = param["name"]?.stringValue, let schema = param["schema"] else { return [] }
                    let aliases = (param["x-aliases"]?.arrayValue ?? []).compactMap(\.stringValue)
                    return ([paramName] + aliases).map { ($0, schema) }
                }, uniquingKeysWith: { first, _ in first })
            let aliasOf = Dictionary(
                (method["params"]?.arrayValue ?? []).flatMap { param -> [(String, String)] in
                    guard let paramName = param["name"]?.stringValue else { return [] }
                    return (param["x-aliases"]?.arrayValue ?? []).compactMap(\.stringValue).map { ($0, paramName) }
                }, uniquingKeysWith: { first, _ in first })
            let required = Set((method["params"]?.arrayValue ?? []).filter { $0["required"] == true }.compactMap { $0["name"]?.stringValue })
            for example in method["examples"]?.arrayValue ?? [] {
                let exampleName = example["name"]?.stringValue ?? "?"
                var given = Set<String>()
                for param in example["params"]?.arrayValue ?? [] {
                    let paramName = param["name"]?.stringValue ?? "?"
                    given.insert(aliasOf[paramName] ?? paramName)
                    let schema = try #require(paramSchemas[paramName], "\(name)/\(exampleName): undocumented param \(paramName)")
                    let problems = validator.problems(validating: param["value"] ?? .null, against: schema)
                    #expect(problems.isEmpty, "\(name)/\(exampleName) param \(paramName): \(problems)")
                    checked += 1
                }
                #expect(required.isSubset(of: given), "\(name)/\(exampleName) misses required params")
                if let result = example["result"], let schema = method["result"]?["schema"] {
                    let problems = validator.problems(validating: result["value"] ?? .null, against: schema)
                    #expect(problems.isEmpty, "\(name)/\(exampleName) result: \(problems)")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }

    @Test("components.errors documents exactly the codes of RPCErrorCode.catalog")
    func errorCodesDocumented() throws {
        let errors = try #require(document["components"]?["errors"]?.objectValue)
        var documented: [Int: String] = [:]
        for (name, error) in errors {
            documented[try #require(error["code"]?.intValue)] = name
            #expect(error["message"]?.stringValue?.isEmpty == false)
        }
        let catalog = Dictionary(uniqueKeysWithValues: RPCErrorCode.catalog.map { ($0.code.rawValue, $0.name) })
        #expect(documented == catalog)
    }

    @Test("the validator itself rejects what it should")
    func validatorSanity() {
        let validator = JSONSchemaValidator()
        let schema: JSONValue = [
            "type": "object", "required": ["a"], "additionalProperties": false,
            "properties": ["a": ["type": "integer", "minimum": 1], "b": ["type": "string", "enum": ["x", "y"]]],
        ]
        #expect(validator.problems(validating: ["a": 2, "b": "x"], against: schema).isEmpty)
        #expect(!validator.problems(validating: ["b": "x"], against: schema).isEmpty)
        #expect(!validator.problems(validating: ["a": 0], against: schema).isEmpty)
        #expect(!validator.problems(validating: ["a": 1.5], against: schema).isEmpty)
        #expect(!validator.problems(validating: ["a": 1, "b": "z"], against: schema).isEmpty)
        #expect(!validator.problems(validating: ["a": 1, "c": 1], against: schema).isEmpty)
        #expect(!validator.problems(validating: [1], against: schema).isEmpty)
    }
}

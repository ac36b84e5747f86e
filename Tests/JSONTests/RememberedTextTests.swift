import JSON
import Testing

@Suite("JSON objects that remember their text")
struct RememberedTextTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a remembered object serializes to its own text, escapes and spacing included")
    func verbatim() throws {
        let text = #"{"A": "caf\u00e9", "B":[1,2.50,{"C":"\/x"}],"N":1E+2}"#
        let value = try JSONValue.parse(bytes(text), remembersText: true)
        #expect(value.serialized() == text)
        // The same value parsed without remembering re-encodes compactly.
        #expect(try JSONValue.parse(bytes(text)).serialized() == #"{"A":"café","B":[1,2.50,{"C":"/x"}],"N":1E+2}"#)
        #expect(value == (try JSONValue.parse(bytes(text))))
    }

    @Test("nested in another value, the remembered text is written in place")
    func nested() throws {
        let body = try JSONValue.parse(bytes(#"{"RequestId": "R1"}"#), remembersText: true)
        let result: JSONValue = ["body": body, "headers": ["x": "y"]]
        #expect(result.serialized() == #"{"body":{"RequestId": "R1"},"headers":{"x":"y"}}"#)
    }

    @Test("any change forgets the text: setting, removing, changing a nested member")
    func changesForget() throws {
        let text = #"{"A": 1, "B": {"C": 2}}"#
        var object = try #require(try JSONValue.parse(bytes(text), remembersText: true).objectValue)
        var set = object
        set["A"] = 3
        #expect(JSONValue.object(set).serialized() == #"{"A":3,"B":{"C":2}}"#)
        var removed = object
        removed.removeValue(forKey: "A")
        #expect(JSONValue.object(removed).serialized() == #"{"B":{"C":2}}"#)
        var nested = try #require(object["B"]?.objectValue)
        nested["C"] = 4
        object["B"] = .object(nested)
        #expect(JSONValue.object(object).serialized() == #"{"A":1,"B":{"C":4}}"#)
    }

    @Test("not remembered: raw line breaks (one answer per line), repeated keys, non-objects")
    func notRemembered() throws {
        #expect(try JSONValue.parse(bytes("{\"A\":\n1}"), remembersText: true).serialized() == #"{"A":1}"#)
        #expect(try JSONValue.parse(bytes("{\"A\":1,\r\"B\":2}"), remembersText: true).serialized() == #"{"A":1,"B":2}"#)
        #expect(try JSONValue.parse(bytes(#"{"A": 1, "A": 2}"#), remembersText: true).serialized() == #"{"A":2}"#)
        #expect(try JSONValue.parse(bytes(#"{"X": {"A": 1, "A": 2}}"#), remembersText: true).serialized() == #"{"X":{"A":2}}"#)
        #expect(try JSONValue.parse(bytes(#"[1, 2]"#), remembersText: true).serialized() == "[1,2]")
        // Surrounding whitespace is not part of the object's text.
        #expect(try JSONValue.parse(bytes("  {\"A\": 1}\n"), remembersText: true).serialized() == #"{"A": 1}"#)
    }
}

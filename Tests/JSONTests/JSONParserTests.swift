import Foundation
import JSON
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("numbers keep their exact text")
    func numbersKeepTheirText() throws {
        let value = try JSONValue.parse(#"{"Price":0.165,"Id":123456789012345678901234567890,"E":1E+2,"N":-0.0}"#)
        #expect(value["Price"]?.numberValue?.literal == "0.165")
        #expect(value["Id"]?.numberValue?.literal == "123456789012345678901234567890")
        #expect(value["E"]?.numberValue?.literal == "1E+2")
        #expect(value["N"]?.numberValue?.literal == "-0.0")
        #expect(value.serialized() == #"{"Price":0.165,"Id":123456789012345678901234567890,"E":1E+2,"N":-0.0}"#)
    }

    @Test("booleans stay booleans and keys keep their order")
    func booleansAndOrder() throws {
        let text = #"{"z":false,"a":true,"m":null,"b":[1,"x",{}]}"#
        let value = try JSONValue.parse(text)
        #expect(value["z"] == .bool(false))
        #expect(value.objectValue?.keys == ["z", "a", "m", "b"])
        #expect(value.serialized() == text)
    }

    @Test("strings: escapes, surrogate pairs and raw UTF-8")
    func strings() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\b\f\n\r\t","\u00e9\ud83d\ude00","华北1（青岛）"]"#)
        #expect(value[0]?.stringValue == "a\"b\\c/d\u{08}\u{0C}\n\r\t")
        #expect(value[1]?.stringValue == "é😀")
        #expect(value[2]?.stringValue == "华北1（青岛）")
        let again = try JSONValue.parse(value.serialized())
        #expect(again == value)
        #expect(!value.serialized().contains("\n"))
    }

    @Test("invalid input is refused", arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "[1 2]",
        "{\"a\" 1}", "{a:1}", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\u{01}\"", "[1]x", "\"abc", "NaN",
        "Infinity", "'a'",
    ])
    func refused(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() throws {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0xEF, 0xBB, 0xBF, 0x31]) }
        // After an escape the string takes the slow path; it is validated there too.
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
        #expect(try JSONValue.parse([0x22, 0x5C, 0x6E, 0xC3, 0xA9, 0x22]) == .string("\né"))
    }

    @Test("deep nesting is refused without crashing")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try JSONValue.parse(fine).arrayValue?.count == 1)
    }

    @Test("a non-ASCII byte where a value starts says so (invalid UTF-8 lines are the usual cause)")
    func nonASCIIOutsideStrings() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0xFF, 0xFE, 0x7B, 0x7D]) }
        do {
            _ = try JSONValue.parse([0xC3, 0x28])
            Issue.record("expected a parse error")
        } catch {
            #expect(error.reason.contains("non-ASCII") && error.offset == 0, "\(error)")
        }
        do {
            _ = try JSONValue.parse(Array(#"{"a":"#.utf8) + [0xE9] + Array("}".utf8))
            Issue.record("expected a parse error")
        } catch {
            #expect(error.reason.contains("non-ASCII") && error.offset == 5, "\(error)")
        }
    }

    @Test("a repeated key keeps the last value")
    func repeatedKey() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value["a"]?.intValue == 3)
        #expect(value.objectValue?.count == 2)
    }

    @Test("large objects (the hashed check) find a repeated key anywhere, and keep distinct keys, even alike ones")
    func repeatedKeyInLargeObjects() throws {
        let keys = (0..<60).map { "Key\($0)" } + ["key0", "Key0 ", "ÄKey", "AKey"]
        let distinct = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(try JSONValue.parse(distinct).objectValue?.count == keys.count)
        for repeated in ["Key0", "Key37", "ÄKey", "AKey"] {
            let text = "{" + (keys + [repeated]).enumerated().map { "\"\($0.element)\":\($0.offset)" }.joined(separator: ",") + "}"
            let object = try #require(try JSONValue.parse(text).objectValue)
            #expect(object.count == keys.count, "\(repeated)")
            #expect(object[repeated]?.intValue == keys.count, "\(repeated)")
            #expect(object.keys == keys, "\(repeated) keeps its first place")
        }
    }
}

@Suite("JSON values")
struct JSONValueTests {
    @Test("object equality ignores order; numbers compare by value")
    func equality() throws {
        #expect(try JSONValue.parse(#"{"a":1,"b":2}"#) == JSONValue.parse(#"{"b":2.0,"a":1}"#))
        #expect(try JSONValue.parse("12345678901234567890") != JSONValue.parse("12345678901234567891"))
        #expect(try JSONValue.parse("0.1650") == JSONValue.parse("0.165"))
        #expect(try JSONValue.parse(#"{"a":1}"#) != JSONValue.parse(#"{"a":true}"#))
        let set: Set<JSONValue> = [["x": 1, "y": 2], ["y": 2, "x": 1]]
        #expect(set.count == 1)
    }

    @Test("control characters are escaped on output")
    func escaping() {
        let value: JSONValue = ["k": "a\u{00}b\u{1F}"]
        #expect(value.serialized() == #"{"k":"a\u0000b\u001f"}"#)
    }

    @Test("numbers from Swift values")
    func numbersFromSwift() {
        #expect(JSONValue(3).serialized() == "3")
        #expect(JSONValue(0.165).serialized() == "0.165")
        #expect(JSONValue(2.0).serialized() == "2")
        #expect(JSONValue(Double.nan).serialized() == "0")
        #expect(JSONNumber(literal: "1.5e3")?.intValue == 1500)
        #expect(JSONNumber(literal: "1.5")?.intValue == nil)
        #expect(JSONNumber(literal: "01") == nil)
    }

    @Test("Codable bridge round-trips")
    func codable() throws {
        struct Sample: Codable, Equatable {
            var name: String
            var count: Int
            var flag: Bool
            var ratio: Double
        }
        let sample = Sample(name: "n", count: 3, flag: false, ratio: 0.5)
        let value = try JSONValue(encoding: sample)
        #expect(value["flag"] == .bool(false))
        #expect(try value.decode(Sample.self) == sample)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a":[1,true,"s",null,2.5]}"#.utf8))
        #expect(decoded == ["a": [1, true, "s", nil, 2.5]])
    }

    @Test("editing an object")
    func editing() {
        var object: JSONObject = ["a": 1]
        object["b"] = "x"
        object["a"] = 2
        #expect(object.keys == ["a", "b"])
        object["a"] = nil
        #expect(object.keys == ["b"])
        #expect(object.removeValue(forKey: "b") == "x")
        #expect(object.isEmpty)
    }
}

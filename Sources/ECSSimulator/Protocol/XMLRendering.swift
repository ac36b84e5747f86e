import JSON

/// Renders an answer body as the service's XML: one element per key, and an array repeats its key per item
/// (so `{"Regions":{"Region":[a,b]}}` becomes `<Regions><Region>a</Region><Region>b</Region></Regions>`).
enum XMLRendering {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

    static func document(root: String, body: JSONObject) -> String {
        var text = declaration + "<\(root)>"
        appendMembers(of: body, to: &text)
        text += "</\(root)>"
        return text
    }

    private static func appendMembers(of object: JSONObject, to text: inout String) {
        for (key, value) in object { append(key: key, value: value, to: &text) }
    }

    private static func append(key: String, value: JSONValue, to text: inout String) {
        let name = elementName(key)
        switch value {
        case .array(let items):
            for item in items { append(key: key, value: item, to: &text) }
        case .object(let object):
            text += "<\(name)>"
            appendMembers(of: object, to: &text)
            text += "</\(name)>"
        case .null:
            text += "<\(name)/>"
        case .string(let string):
            text += "<\(name)>\(escape(string))</\(name)>"
        case .number(let number):
            text += "<\(name)>\(number.literal)</\(name)>"
        case .bool(let flag):
            text += "<\(name)>\(flag)</\(name)>"
        }
    }

    /// Keys are ECS field names already; anything outside XML name characters is replaced by `_`.
    private static func elementName(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        var name = ""
        for (index, scalar) in key.unicodeScalars.enumerated() {
            let isLetter = scalar.properties.isAlphabetic || scalar == "_"
            let isOther = scalar.properties.numericType != nil || scalar == "-" || scalar == "."
            if isLetter || (index > 0 && isOther) { name.unicodeScalars.append(scalar) } else { name += "_" }
        }
        return name
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default:
                // XML 1.0 forbids most control characters; drop them rather than emit an invalid document.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

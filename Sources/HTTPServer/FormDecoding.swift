/// Decoding of `application/x-www-form-urlencoded` text, as used by query strings and form bodies.
public enum FormDecoding {
    /// Splits on `&`, then `=`; `+` means space and `%XX` are UTF-8 bytes. Malformed escapes are kept literally.
    public static func decode(_ text: String) -> [(name: String, value: String)] {
        guard !text.isEmpty else { return [] }
        var pairs: [(name: String, value: String)] = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: "=") {
                pairs.append(
                    (unescape(piece[..<equals]), unescape(piece[piece.index(after: equals)...])))
            } else {
                pairs.append((unescape(piece), ""))
            }
        }
        return pairs
    }

    /// Decodes one form component: `+` becomes a space, `%XX` a byte; invalid UTF-8 is repaired.
    public static func unescape(_ component: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = Array(component.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2,
                    let high = hexValue(iterator[iterator.startIndex]),
                    let low = hexValue(iterator[iterator.startIndex + 1])
                {
                    bytes.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

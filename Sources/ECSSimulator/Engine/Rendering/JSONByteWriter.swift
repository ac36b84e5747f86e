// SPDX-License-Identifier: Apache-2.0

/// Writes compact JSON straight into bytes, for answers rendered often (DescribeInstances items).
///
/// Escapes strings exactly as the JSON module's serializer does, so the bytes equal
/// `JSONValue.serializedBytes()` of the same value; the caller writes punctuation and keys as literals.
struct JSONByteWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Bytes written as they are: punctuation, `"Key":` prefixes, constant values.
    /// The bytes in an array of exactly their size, for keeping (the writer's own buffer has room to spare).
    var compactBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = bytes.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress, let target = buffer.baseAddress else { return 0 }
                target.initialize(from: base, count: source.count)
                return source.count
            }
        }
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ other: [UInt8]) {
        bytes.append(contentsOf: other)
    }

    /// A quoted string: `"`, `\` and control characters escaped, everything else copied.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { source in
            var runStart = 0
            for index in 0..<source.count {
                let byte = source[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index])) }
                escape(byte)
                runStart = index + 1
            }
            if runStart < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A decimal integer, as `String(value)` writes it.
    mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    mutating func bool(_ value: Bool) {
        value ? raw("true") : raw("false")
    }

    /// A dotted-quad IPv4 address as a quoted string.
    mutating func address(_ address: UInt32) {
        bytes.append(UInt8(ascii: "\""))
        int(Int(address >> 24))
        for shift in [16, 8, 0] as [UInt32] {
            bytes.append(UInt8(ascii: "."))
            int(Int((address >> shift) & 0xff))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        default:
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}

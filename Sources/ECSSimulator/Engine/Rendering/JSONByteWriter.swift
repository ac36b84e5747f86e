// SPDX-License-Identifier: Apache-2.0

import JSON

/// Writes compact JSON straight into bytes, for answers rendered often (DescribeInstances items).
///
/// Strings are escaped by the JSON module's own serializer, so the bytes equal
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

    /// A quoted string, escaped by the JSON module itself.
    mutating func string(_ value: String) {
        JSONValue.appendQuoted(value, to: &bytes)
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
}

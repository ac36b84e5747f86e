// SPDX-License-Identifier: Apache-2.0

/// A JSON number kept as the exact text it was written with.
///
/// Equality is by value (`1.0 == 1`), except that integers beyond `Int` compare by their text,
/// so no two distinct big ids are ever taken for one.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, valid by the grammar of RFC 8259.
    public let literal: String

    public init(_ value: Int) {
        literal = String(value)
    }

    /// A number from a double; non-finite values, which JSON cannot carry, become `0`.
    public init(_ value: Double) {
        guard value.isFinite else {
            literal = "0"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            literal = String(Int(value))
        } else {
            literal = "\(value)"
        }
    }

    /// A number from its literal text, or nil when the text is not a JSON number.
    public init?(literal: String) {
        var bytes = Array(literal.utf8)
        guard JSONNumber.isValidLiteral(&bytes) else { return nil }
        self.literal = literal
    }

    /// Trusted construction from bytes the parser has already checked.
    init(validatedLiteral: String) {
        literal = validatedLiteral
    }

    /// The value as an `Int` when it is exactly one.
    public var intValue: Int? {
        if let exact = Int(literal) { return exact }
        guard let double = Double(literal), double == double.rounded(),
            abs(double) < 9.007_199_254_740_992e15
        else { return nil }
        return Int(double)
    }

    public var doubleValue: Double? { Double(literal) }

    public var description: String { literal }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.literal == rhs.literal { return true }
        if let left = Int(lhs.literal), let right = Int(rhs.literal) { return left == right }
        // Integers too big for Int compare by text: a Double would round them together.
        if lhs.isWideInteger || rhs.isWideInteger { return false }
        guard let left = lhs.doubleValue, let right = rhs.doubleValue else { return false }
        return left == right
    }

    public func hash(into hasher: inout Hasher) {
        if let integer = intValue {
            hasher.combine(integer)
        } else if isWideInteger {
            hasher.combine(literal)
        } else if let double = doubleValue {
            hasher.combine(double)
        } else {
            hasher.combine(literal)
        }
    }

    /// An integer literal outside the range of `Int`.
    private var isWideInteger: Bool {
        Int(literal) == nil && !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }

    static func isValidLiteral(_ bytes: inout [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            return JSONNumberScanner.scan(buffer, &index) && index == buffer.count
        }
    }
}

/// The number grammar of RFC 8259, shared by the parser and `JSONNumber(literal:)`.
enum JSONNumberScanner {
    /// Advances `index` over one number; false when the bytes there are not a number.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let count = bytes.count
        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < count, isDigit(bytes[index]) { index += 1 }
        } else {
            return false
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count, isDigit(bytes[index]) else { return false }
            while index < count, isDigit(bytes[index]) { index += 1 }
        }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < count, isDigit(bytes[index]) else { return false }
            while index < count, isDigit(bytes[index]) { index += 1 }
        }
        return true
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

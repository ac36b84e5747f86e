// SPDX-License-Identifier: Apache-2.0

/// Page requests as ECS reads them: PageNumber/PageSize, or NextToken/MaxResults.
struct PageRequest: Sendable, Equatable {
    var number: Int
    var size: Int

    /// The index of the first item of the page.
    var offset: Int { (number - 1) * size }

    /// `PageNumber` ≥ 1 (default 1) and `PageSize` 1…`maximum` (default `defaultSize`).
    static func numbered(
        _ parameters: WireParameters, maximum: Int, defaultSize: Int = 10
    ) throws(ECSServiceError) -> PageRequest {
        let number = try parameters.int("PageNumber") ?? 1
        guard number >= 1 else { throw .invalidParameter("PageNumber") }
        let size = try parameters.int("PageSize") ?? defaultSize
        guard (1...maximum).contains(size) else { throw .invalidParameter("PageSize") }
        return PageRequest(number: number, size: size)
    }

    /// The slice of `items` this page covers (empty past the end).
    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min(offset, items.count)
        return items[start..<min(start + size, items.count)]
    }
}

/// Opaque NextToken values: the offset of the next item, with a check so foreign tokens are refused.
enum PageToken {
    static func encode(offset: Int) -> String {
        hex(UInt64(offset)) + hex(StableHash.fnv1a("ecs-simulator-token:\(offset)"))
    }

    /// The offset a token stands for, or nil when it is not one of ours.
    static func decode(_ token: String) -> Int? {
        guard token.utf8.count == 32, let offset = UInt64(token.prefix(16), radix: 16), offset <= UInt64(Int.max)
        else { return nil }
        guard token == encode(offset: Int(offset)) else { return nil }
        return Int(offset)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

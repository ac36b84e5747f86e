// SPDX-License-Identifier: Apache-2.0

/// Name matching as the Describe* filters do it: `*` matches any run of characters.
///
/// Works on UTF-8 bytes: `*` is ASCII, so multi-byte characters only ever match themselves.
enum NamePattern {
    /// DescribeInstances `InstanceName`: exact, unless the pattern holds `*` wildcards.
    static func matches(_ name: String, pattern: String) -> Bool {
        guard pattern.utf8.contains(UInt8(ascii: "*")) else { return name == pattern }
        var name = name
        var pattern = pattern
        return name.withUTF8 { text in pattern.withUTF8 { glob in wildcard(text, glob) } }
    }

    /// Fuzzy search (DescribeImages `ImageName`): a substring, or a wildcard pattern.
    static func fuzzyMatches(_ name: String, pattern: String) -> Bool {
        pattern.contains("*") ? matches(name, pattern: pattern) : name.contains(pattern)
    }

    /// Iterative glob with backtracking to the last `*`.
    private static func wildcard(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        let star = UInt8(ascii: "*")
        var textIndex = 0
        var patternIndex = 0
        var starIndex = -1
        var resumeIndex = 0
        while textIndex < text.count {
            if patternIndex < pattern.count, pattern[patternIndex] != star, pattern[patternIndex] == text[textIndex] {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == star {
                starIndex = patternIndex
                resumeIndex = textIndex
                patternIndex += 1
            } else if starIndex >= 0 {
                patternIndex = starIndex + 1
                resumeIndex += 1
                textIndex = resumeIndex
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == star { patternIndex += 1 }
        return patternIndex == pattern.count
    }
}

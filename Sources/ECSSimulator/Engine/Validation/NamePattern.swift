// SPDX-License-Identifier: Apache-2.0

/// Name matching as the Describe* filters do it: `*` matches any run of characters.
enum NamePattern {
    /// DescribeInstances `InstanceName`: exact, unless the pattern holds `*` wildcards.
    static func matches(_ name: String, pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        return wildcard(Array(name.unicodeScalars), Array(pattern.unicodeScalars))
    }

    /// Fuzzy search (DescribeImages `ImageName`): a substring, or a wildcard pattern.
    static func fuzzyMatches(_ name: String, pattern: String) -> Bool {
        pattern.contains("*") ? matches(name, pattern: pattern) : name.contains(pattern)
    }

    /// Iterative glob with backtracking to the last `*`; linear in practice.
    private static func wildcard(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        var textIndex = 0
        var patternIndex = 0
        var starIndex = -1
        var resumeIndex = 0
        while textIndex < text.count {
            if patternIndex < pattern.count, pattern[patternIndex] != "*", pattern[patternIndex] == text[textIndex] {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == "*" {
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
        while patternIndex < pattern.count, pattern[patternIndex] == "*" { patternIndex += 1 }
        return patternIndex == pattern.count
    }
}

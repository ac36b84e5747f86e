// SPDX-License-Identifier: Apache-2.0

/// The service's rules for instance names, host names, descriptions and passwords.
enum NameRules {
    /// 2–128 characters, starting with a letter, not a URL; letters, digits, `:` `_` `.` `-`.
    static func isValidInstanceName(_ name: String) -> Bool {
        guard (2...128).contains(name.count), let first = name.first, first.isLetter else { return false }
        if name.hasPrefix("http://") || name.hasPrefix("https://") { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || ":_.-".contains($0) }
    }

    /// Windows: 2–15 characters, no `.`, not all digits. Others: 2–64, dot-separated segments.
    /// Letters, digits and `-` only; no leading or trailing `.`/`-`, no `..` or `--`.
    static func isValidHostName(_ name: String, windows: Bool) -> Bool {
        let limit = windows ? 15 : 64
        guard (2...limit).contains(name.count), name.allSatisfy(\.isASCII) else { return false }
        guard let first = name.first, let last = name.last, !".-".contains(first), !".-".contains(last) else {
            return false
        }
        if name.contains("..") || name.contains("--") || name.contains(".-") || name.contains("-.") { return false }
        if windows {
            if name.contains(".") || name.allSatisfy(\.isNumber) { return false }
        }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
    }

    /// 2–256 characters, not a URL.
    static func isValidDescription(_ text: String) -> Bool {
        (2...256).contains(text.count) && !text.hasPrefix("http://") && !text.hasPrefix("https://")
    }

    static let passwordSpecials = Set("()`~!@#$%^&*-_+=|{}[]:;'<>,.?/")

    /// 8–30 characters from upper case, lower case, digits and the allowed specials, using at least three
    /// of those four classes; a Windows password must not start with `/`.
    static func isValidPassword(_ password: String, windows: Bool) -> Bool {
        guard (8...30).contains(password.count), password.allSatisfy(\.isASCII) else { return false }
        if windows, password.hasPrefix("/") { return false }
        var upper = false
        var lower = false
        var digit = false
        var special = false
        for character in password {
            if character.isUppercase {
                upper = true
            } else if character.isLowercase {
                lower = true
            } else if character.isNumber {
                digit = true
            } else if passwordSpecials.contains(character) {
                special = true
            } else {
                return false
            }
        }
        return [upper, lower, digit, special].filter { $0 }.count >= 3
    }
}

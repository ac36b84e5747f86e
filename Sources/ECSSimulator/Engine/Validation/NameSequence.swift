// SPDX-License-Identifier: Apache-2.0

/// The `name_prefix[begin_number,bits]name_suffix` syntax for numbering names of a batch (facts §4.5.1).
struct NameSequence: Sendable, Equatable {
    var prefix: String
    var begin: Int
    var bits: Int
    var suffix: String

    /// The sequence in `name`, nil when it has none, or `InvalidInstanceName.CustomMalformed`.
    static func parse(_ name: String) throws(ECSServiceError) -> NameSequence? {
        guard let open = name.firstIndex(of: "[") else {
            if name.contains("]") { throw .customNameMalformed }
            return nil
        }
        guard let close = name[open...].firstIndex(of: "]") else { throw .customNameMalformed }
        let prefix = String(name[..<open])
        let suffix = String(name[name.index(after: close)...])
        if prefix.contains("]") || suffix.contains("[") || suffix.contains("]") { throw .customNameMalformed }
        let inside = name[name.index(after: open)..<close]
        var begin = 0
        var bits = 6
        if !inside.isEmpty {
            let parts = inside.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw .customNameMalformed }
            if !parts[0].isEmpty {
                guard parts[0].count <= 6, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[0])
                else { throw .customNameMalformed }
                begin = value
            }
            if !parts[1].isEmpty {
                guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(parts[1]),
                    (1...6).contains(value)
                else { throw .customNameMalformed }
                bits = value
            }
        }
        return NameSequence(prefix: prefix, begin: begin, bits: bits, suffix: suffix)
    }

    /// The name of the batch's instance at `index` (0-based).
    func name(at index: Int) -> String {
        let number = String(begin + index)
        let padding = String(repeating: "0", count: max(0, bits - number.count))
        return prefix + padding + number + suffix
    }
}

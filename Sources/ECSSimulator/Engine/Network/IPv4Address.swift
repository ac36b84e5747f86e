// SPDX-License-Identifier: Apache-2.0

/// Dotted-quad IPv4 formatting and parsing over `UInt32`.
enum IPv4Address {
    static func format(_ address: UInt32) -> String {
        "\(address >> 24).\((address >> 16) & 0xff).\((address >> 8) & 0xff).\(address & 0xff)"
    }

    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt32(part), octet <= 255 else {
                return nil
            }
            address = address << 8 | octet
        }
        return address
    }
}

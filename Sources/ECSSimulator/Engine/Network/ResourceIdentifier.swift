// SPDX-License-Identifier: Apache-2.0

/// ECS-style resource ids: `i-bp1…`, `vpc-bp1…`, `sg-bp1…`, whose first characters encode the region.
enum ResourceIdentifier {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// Region codes seen in real ids; other regions get a stable code derived from their name.
    private static let knownRegionCodes: [String: String] = [
        "cn-hangzhou": "bp1", "cn-shanghai": "uf6", "cn-beijing": "2ze", "cn-hongkong": "j6c",
        "cn-heyuan": "f8z", "cn-qingdao": "m5e", "cn-zhangjiakou": "8vb", "cn-huhehaote": "hp3",
        "cn-shenzhen": "wz9", "ap-southeast-1": "t4n", "eu-central-1": "gw8", "us-west-1": "rj9",
        "us-east-1": "0xi", "ap-northeast-1": "6we", "ap-southeast-5": "k1a",
    ]

    /// The three-character code that starts every id of a region.
    static func regionCode(_ regionID: String) -> String {
        if let known = knownRegionCodes[regionID] { return known }
        return encode(StableHash.fnv1a("region:" + regionID), length: 3)
    }

    /// A fresh random id: `prefix-` + region code + 17 characters (20 after the dash).
    static func random(_ prefix: String, regionID: String, using generator: inout some RandomNumberGenerator) -> String
    {
        var id = prefix + "-" + regionCode(regionID)
        for _ in 0..<17 { id.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
        return id
    }

    /// An id that is the same in every run, for the default VPC, vSwitches and security group.
    static func stable(_ prefix: String, regionID: String, salt: String) -> String {
        let hash = StableHash.fnv1a(prefix + ":" + regionID + ":" + salt)
        let more = StableHash.fnv1a(salt + ":" + regionID + ":" + prefix)
        return prefix + "-" + regionCode(regionID) + encode(hash, length: 9) + encode(more, length: 8)
    }

    private static func encode(_ value: UInt64, length: Int) -> String {
        var remaining = value
        var text = ""
        for _ in 0..<length {
            text.append(alphabet[Int(remaining % 36)])
            remaining /= 36
        }
        return text
    }
}

/// FNV-1a, a hash that is the same in every process (Swift's `Hasher` is seeded per run).
enum StableHash {
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

// SPDX-License-Identifier: Apache-2.0

import JSON

/// An instance type of the embedded catalog: the DescribeInstanceTypes record plus the fields the engine reads.
struct CatalogInstanceType: Sendable {
    let typeID: String
    let family: String
    let record: JSONObject
    let cpuCoreCount: Int
    /// Memory in GiB as the catalog gives it (DescribeInstanceTypes' unit).
    let memoryGiB: Double
    /// `X86` or `ARM`.
    let cpuArchitecture: String
    let category: String
    let familyLevel: String
    let gpuAmount: Int
    let gpuSpec: String
    let localStorageAmount: Int
    let localStorageCapacity: Int

    /// Memory in MiB, DescribeInstances' unit.
    var memoryMiB: Int { Int((memoryGiB * 1024).rounded()) }

    /// Burstable families report a credit specification.
    var isBurstable: Bool {
        familyLevel == "CreditEntryLevel" || family.hasPrefix("ecs.t5") || family.hasPrefix("ecs.t6")
    }

    /// The family's generation, the first number in its name (`ecs.g8ae` → 8, `ecs.hfc9i` → 9); nil for `ecs.e`.
    var generation: Int? {
        let name = family.hasPrefix("ecs.") ? family.dropFirst(4) : Substring(family)
        let digits = name.drop { !$0.isASCII || !$0.isNumber }.prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }

    /// Whether an image of this architecture (`x86_64`, `i386`, `arm64`) runs on this type.
    func supports(imageArchitecture: String) -> Bool {
        cpuArchitecture == "ARM" ? imageArchitecture == "arm64" : imageArchitecture != "arm64"
    }
}

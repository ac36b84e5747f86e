// SPDX-License-Identifier: Apache-2.0

/// A region of the embedded catalog with its zones.
struct CatalogRegion: Sendable {
    let regionID: String
    /// The zh-CN name (DescribeRegions' default language).
    let localName: String
    let localNameEnglish: String
    let endpoint: String
    let status: String
    let zoneIDs: [String]
}

// SPDX-License-Identifier: Apache-2.0

import JSON

/// A public image of the embedded catalog: the DescribeImages record plus the fields the engine reads.
struct CatalogImage: Sendable {
    let imageID: String
    let record: JSONObject
    /// Image size in GiB; the system disk must be at least this big.
    let size: Int
    let osType: String
    let architecture: String
    let osName: String
    let osNameEnglish: String
    let platform: String
    let family: String
    let imageName: String
    let creationTime: String
    let status: String
    let usage: String
    let isPublic: Bool

    var isWindows: Bool { osType == "windows" }
}

// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// One stored instance: its record plus the last DescribeInstances rendering, reused while the status holds.
///
/// A reference, so region lists and filters walk instances without copying records or hashing ids.
/// Owned by the engine actor; never shared outside it.
final class InstanceEntry {
    var record: InstanceRecord {
        didSet { rendered = nil }
    }
    private var rendered: (status: InstanceStatus, item: JSONObject)?

    init(_ record: InstanceRecord) {
        self.record = record
    }

    func describeItem(at now: Date) -> JSONObject {
        let status = record.status(at: now)
        if let rendered, rendered.status == status { return rendered.item }
        let item = record.describeItem(at: now)
        rendered = (status, item)
        return item
    }
}

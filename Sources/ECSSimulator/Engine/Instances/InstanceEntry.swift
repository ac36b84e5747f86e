// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// One stored instance: its record plus the last DescribeInstances rendering, reused while the status holds.
///
/// A reference, so region lists and filters walk instances without copying records or hashing ids.
/// Owned by the engine actor; never shared outside it.
final class InstanceEntry {
    /// Read in place (no observers), so filters touch only the fields they test.
    private(set) var record: InstanceRecord
    private var rendered: (status: InstanceStatus, item: JSONObject)?

    init(_ record: InstanceRecord) {
        self.record = record
    }

    /// Changes the record and drops the cached rendering.
    func update(_ change: (inout InstanceRecord) -> Void) {
        change(&record)
        rendered = nil
    }

    func describeItem(at now: Date) -> JSONObject {
        let status = record.status(at: now)
        if let rendered, rendered.status == status { return rendered.item }
        let item = record.describeItem(at: now)
        rendered = (status, item)
        return item
    }
}

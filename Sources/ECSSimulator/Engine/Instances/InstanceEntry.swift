// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// One stored instance: its record plus its DescribeInstances item as JSON bytes, kept until the record changes.
///
/// A reference, so region lists and filters walk instances without copying records or hashing ids.
/// Owned by the engine actor; never shared outside it. The cached bytes (about 2 KB) are shared, not copied,
/// with the answers that carry them; a status transition splices the status into them.
final class InstanceEntry {
    /// Read in place (no observers), so filters touch only the fields they test.
    private(set) var record: InstanceRecord
    private var rendered: RenderedItem?

    init(_ record: InstanceRecord) {
        self.record = record
    }

    /// Changes the record; the cached rendering survives a change of lifecycle or stopped mode alone
    /// (the status parts are spliced), anything else drops it.
    func update(_ change: (inout InstanceRecord) -> Void) {
        let before = record
        change(&record)
        guard let rendered else { return }
        var unchanged = before
        unchanged.lifecycle = record.lifecycle
        unchanged.stoppedMode = record.stoppedMode
        if unchanged != record {
            self.rendered = nil
        } else if before.stoppedMode != record.stoppedMode {
            self.rendered = rendered.with(status: rendered.status, of: record)
        }
    }

    /// The DescribeInstances item as values (rendered afresh; the wire path uses `describeItemBytes`).
    func describeItem(at now: Date) -> JSONObject {
        record.describeItem(at: now)
    }

    /// The DescribeInstances item as compact JSON: rendered once per record change, spliced on a status change.
    func describeItemBytes(at now: Date) -> [UInt8] {
        let status = record.status(at: now)
        let item: RenderedItem
        if let rendered {
            if rendered.status == status { return rendered.bytes }
            item = rendered.with(status: status, of: record)
        } else {
            item = record.renderedItem(status: status)
        }
        rendered = item
        return item.bytes
    }

    /// Renders the item now if it is not cached, so the first DescribeInstances after a write need not.
    func prepareItem(at now: Date) {
        _ = describeItemBytes(at: now)
    }
}

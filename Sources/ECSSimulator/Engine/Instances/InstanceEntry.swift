// SPDX-License-Identifier: Apache-2.0

import Foundation
import JSON

/// One stored instance: its record plus its last DescribeInstances item as JSON bytes, reused while the status holds.
///
/// A reference, so region lists and filters walk instances without copying records or hashing ids.
/// Owned by the engine actor; never shared outside it. The cached bytes (about 2 KB) are shared, not copied,
/// with the answers that carry them.
final class InstanceEntry {
    /// Read in place (no observers), so filters touch only the fields they test.
    private(set) var record: InstanceRecord
    private var rendered: (status: InstanceStatus, bytes: [UInt8])?

    init(_ record: InstanceRecord) {
        self.record = record
    }

    /// Changes the record and drops the cached rendering.
    func update(_ change: (inout InstanceRecord) -> Void) {
        change(&record)
        rendered = nil
    }

    /// The DescribeInstances item as values (rendered afresh; the wire path uses `describeItemBytes`).
    func describeItem(at now: Date) -> JSONObject {
        record.describeItem(at: now)
    }

    /// The DescribeInstances item as compact JSON, rendered once per record change or status change.
    func describeItemBytes(at now: Date) -> [UInt8] {
        let status = record.status(at: now)
        if let rendered, rendered.status == status { return rendered.bytes }
        let bytes = record.describeItemBytes(at: now)
        rendered = (status, bytes)
        return bytes
    }
}

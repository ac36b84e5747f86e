// SPDX-License-Identifier: Apache-2.0

/// An instance's DescribeInstances item as compact JSON, with where its two status-dependent values sit
/// (`Status` and `StoppedMode`, quotes included), so a transition is answered by a splice, not a rendering.
struct RenderedItem {
    let status: InstanceStatus
    let bytes: [UInt8]
    let statusRange: Range<Int>
    let stoppedModeRange: Range<Int>

    /// The same item as it reads with another status (`record` gives the stopped mode).
    func with(status newStatus: InstanceStatus, of record: InstanceRecord) -> RenderedItem {
        var statusValue = JSONByteWriter(capacity: 16)
        statusValue.string(newStatus.rawValue)
        var stoppedModeValue = JSONByteWriter(capacity: 16)
        stoppedModeValue.string(record.stoppedModeText(newStatus))
        var spliced: [UInt8] = []
        spliced.reserveCapacity(
            bytes.count - statusRange.count - stoppedModeRange.count + statusValue.bytes.count
                + stoppedModeValue.bytes.count)
        spliced.append(contentsOf: bytes[..<statusRange.lowerBound])
        let newStatusStart = spliced.count
        spliced.append(contentsOf: statusValue.bytes)
        let newStatusRange = newStatusStart..<spliced.count
        spliced.append(contentsOf: bytes[statusRange.upperBound..<stoppedModeRange.lowerBound])
        let newStoppedStart = spliced.count
        spliced.append(contentsOf: stoppedModeValue.bytes)
        let newStoppedRange = newStoppedStart..<spliced.count
        spliced.append(contentsOf: bytes[stoppedModeRange.upperBound...])
        return RenderedItem(
            status: newStatus, bytes: spliced, statusRange: newStatusRange, stoppedModeRange: newStoppedRange)
    }
}

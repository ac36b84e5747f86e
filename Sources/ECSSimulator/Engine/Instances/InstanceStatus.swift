// SPDX-License-Identifier: Apache-2.0

/// The `Status` values DescribeInstances and DescribeInstanceStatus report.
enum InstanceStatus: String, Codable, Sendable, CaseIterable {
    case pending = "Pending"
    case starting = "Starting"
    case running = "Running"
    case stopping = "Stopping"
    case stopped = "Stopped"
}

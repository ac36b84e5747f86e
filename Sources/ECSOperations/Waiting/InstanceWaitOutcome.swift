import JSON

/// A finished wait: every instance reached the target.
public struct InstanceWaitOutcome: Sendable, Hashable {
    public var progress: InstanceWaitProgress
    public var elapsed: Duration

    public init(progress: InstanceWaitProgress, elapsed: Duration) {
        self.progress = progress
        self.elapsed = elapsed
    }

    /// `{"status", "reached", "instances": [{"instanceId", "status"}], "polls", "elapsedSeconds"}`.
    public var json: JSONValue {
        ["status": .string(progress.target.rawValue),
         "reached": .array(progress.reached.map(JSONValue.string)),
         "instances": Self.instancesJSON(progress.statuses),
         "polls": .number(JSONNumber(progress.polls)),
         "elapsedSeconds": .number(JSONNumber(Self.seconds(elapsed)))]
    }

    /// `[{"instanceId": …, "status": … | null}]`.
    public static func instancesJSON(_ entries: [InstanceStatusEntry]) -> JSONValue {
        .array(entries.map { ["instanceId": .string($0.instanceId), "status": $0.status.map(JSONValue.string) ?? .null] })
    }

    /// A duration in seconds, rounded to milliseconds.
    public static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000
    }
}

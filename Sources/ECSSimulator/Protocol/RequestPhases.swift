/// When each phase of one gateway request ended, for the opt-in timing breakdown of the request log.
struct RequestPhases {
    enum Phase {
        /// Decoded, authenticated, faults decided: the engine call is ready.
        case checked
        /// The engine answered (includes the hop onto its actor and back, and a `--state` save).
        case answered
        /// The response bytes are ready.
        case encoded
    }

    private let started: ContinuousClock.Instant
    private var checked: ContinuousClock.Instant?
    private var answered: ContinuousClock.Instant?
    private var encoded: ContinuousClock.Instant?

    init(started: ContinuousClock.Instant) {
        self.started = started
    }

    mutating func mark(_ phase: Phase) {
        let now = ContinuousClock.now
        switch phase {
        case .checked: checked = now
        case .answered: answered = now
        case .encoded: encoded = now
        }
    }

    /// `decode+auth 0.012 ms, engine 0.030 ms, encode 0.020 ms`, for the phases reached.
    var summary: String {
        var parts: [String] = []
        var last = started
        for (name, instant) in [("decode+auth", checked), ("engine", answered), ("encode", encoded)] {
            guard let instant else { break }
            parts.append("\(name) \(Self.text(instant - last))")
            last = instant
        }
        return parts.joined(separator: ", ")
    }

    /// A duration as milliseconds with microsecond precision, e.g. `0.125 ms`.
    static func text(_ duration: Duration) -> String {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return "\(Double(microseconds) / 1000) ms"
    }
}

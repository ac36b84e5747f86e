import JSON

/// What the fault plan decided for one request.
enum FaultOutcome: Sendable, Equatable {
    case proceed
    case fail(ECSServiceError)
    case drop
}

/// Applies fault rules with a seeded generator per action, so a run with the same seed and the same
/// sequence of calls per action repeats exactly.
struct FaultInjector: Sendable {
    private(set) var rules: [FaultRule]
    private(set) var seed: UInt64
    private var generators: [String: SplitMix64] = [:]

    init(rules: [FaultRule], seed: UInt64) {
        self.rules = rules
        self.seed = seed
    }

    /// Replaces the rules and restarts every generator from `seed`.
    mutating func configure(rules: [FaultRule], seed: UInt64) {
        self.rules = rules
        self.seed = seed
        generators = [:]
    }

    /// The rule for an action: its own, else the `*` rule.
    func rule(for action: String) -> FaultRule? {
        rules.last { $0.action == action } ?? rules.last { $0.action == "*" }
    }

    /// Decides the fate of one call and its added latency.
    mutating func decide(action: String) -> (latencyMilliseconds: Int, outcome: FaultOutcome) {
        guard let rule = rule(for: action) else { return (0, .proceed) }
        guard rule.dropRate + rule.throttleRate + rule.error5xxRate > 0 else { return (rule.latencyMilliseconds, .proceed) }
        var generator = generators[action] ?? SplitMix64(seed: seed ^ Self.fnv1a(action))
        let draw = generator.nextUnit()
        let second = generator.nextUnit()
        generators[action] = generator
        let outcome: FaultOutcome
        if draw < rule.dropRate {
            outcome = .drop
        } else if draw < rule.dropRate + rule.throttleRate {
            outcome = .fail(GatewayError.throttling)
        } else if draw < rule.dropRate + rule.throttleRate + rule.error5xxRate {
            outcome = .fail(second < 0.5 ? GatewayError.internalError : GatewayError.serviceUnavailable)
        } else {
            outcome = .proceed
        }
        return (rule.latencyMilliseconds, outcome)
    }

    /// The control surface's view: `{"seed": N, "rules": [...]}`.
    var json: JSONValue {
        ["seed": .number(JSONNumber(literal: String(seed)) ?? JSONNumber(0)), "rules": .array(rules.map(\.json))]
    }

    /// A stable 64-bit hash of a name (FNV-1a), so per-action streams do not depend on process hashing seeds.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A small, fast, seedable generator (SplitMix64).
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}

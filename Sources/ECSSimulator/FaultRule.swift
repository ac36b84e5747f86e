import JSON

/// Faults for one action (or every action, `*`): added latency, and rates in [0, 1] of throttling
/// errors, 5xx errors and dropped connections.
///
/// Flag syntax: `action=RunInstances,throttle=0.5,error5xx=0.1,drop=0.05,latency-ms=200`
/// (every key optional; `action` defaults to `*`). JSON: the same keys, `latencyMs` also accepted.
public struct FaultRule: Sendable, Equatable {
    public var action: String
    public var latencyMilliseconds: Int
    public var throttleRate: Double
    public var error5xxRate: Double
    public var dropRate: Double

    public init(
        action: String = "*", latencyMilliseconds: Int = 0, throttleRate: Double = 0, error5xxRate: Double = 0,
        dropRate: Double = 0
    ) {
        self.action = action
        self.latencyMilliseconds = latencyMilliseconds
        self.throttleRate = throttleRate
        self.error5xxRate = error5xxRate
        self.dropRate = dropRate
    }

    /// Parses the flag syntax.
    public static func parse(_ spec: String) throws(FaultSpecError) -> FaultRule {
        var rule = FaultRule()
        for part in spec.split(separator: ",", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[1].isEmpty else { throw .malformed(String(part)) }
            try rule.set(key: pieces[0], text: pieces[1])
        }
        try rule.validate()
        return rule
    }

    /// Parses the JSON form used by the control surface.
    public static func parse(json: JSONValue) throws(FaultSpecError) -> FaultRule {
        guard let object = json.objectValue else { throw .malformed(json.serialized()) }
        var rule = FaultRule()
        for (key, value) in object {
            let text: String
            switch value {
            case .string(let string): text = string
            case .number(let number): text = number.literal
            default: throw .badValue(key: key, value: value.serialized())
            }
            try rule.set(key: key, text: text)
        }
        try rule.validate()
        return rule
    }

    private mutating func set(key: String, text: String) throws(FaultSpecError) {
        func rate() throws(FaultSpecError) -> Double {
            guard let value = Double(text), value >= 0, value <= 1 else { throw .badValue(key: key, value: text) }
            return value
        }
        switch key {
        case "action": action = text
        case "throttle": throttleRate = try rate()
        case "error5xx", "error-5xx": error5xxRate = try rate()
        case "drop": dropRate = try rate()
        case "latency-ms", "latencyMs", "latency":
            guard let value = Int(text), value >= 0, value <= 600_000 else { throw .badValue(key: key, value: text) }
            latencyMilliseconds = value
        default: throw .unknownKey(key)
        }
    }

    private func validate() throws(FaultSpecError) {
        guard throttleRate + error5xxRate + dropRate <= 1.000_000_1 else {
            throw .ratesOverOne(throttleRate + error5xxRate + dropRate)
        }
    }

    /// The JSON form (the control surface's GET).
    public var json: JSONValue {
        [
            "action": .string(action), "latencyMs": .number(JSONNumber(latencyMilliseconds)),
            "throttle": .number(JSONNumber(throttleRate)), "error5xx": .number(JSONNumber(error5xxRate)),
            "drop": .number(JSONNumber(dropRate)),
        ]
    }
}

/// Why a fault specification was refused.
public enum FaultSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownKey(String)
    case badValue(key: String, value: String)
    case ratesOverOne(Double)

    public var description: String {
        switch self {
        case .malformed(let text): "malformed fault part \"\(text)\" (expected key=value)"
        case .unknownKey(let key):
            "unknown fault key \"\(key)\" (known: action, throttle, error5xx, drop, latency-ms)"
        case .badValue(let key, let value): "bad value \"\(value)\" for fault key \"\(key)\" (rates are 0...1)"
        case .ratesOverOne(let sum): "throttle + error5xx + drop must not exceed 1 (got \(sum))"
        }
    }
}

/// The checks every request runs before any network call; each failure names the parameter.
enum ParameterRules {
    static let instanceStatuses = ["Pending", "Running", "Starting", "Stopping", "Stopped"]
    static let stoppedModes = ["StopCharging", "KeepCharging"]

    static func range(_ value: Int?, _ name: String, _ bounds: ClosedRange<Int>) throws(OperationError) {
        guard let value else { return }
        guard bounds.contains(value) else {
            throw .invalidParameter(name: name, problem: "must be between \(bounds.lowerBound) and \(bounds.upperBound)")
        }
    }

    static func oneOf(_ value: String?, _ name: String, _ allowed: [String]) throws(OperationError) {
        guard let value else { return }
        guard allowed.contains(value) else {
            throw .invalidParameter(name: name, problem: "must be one of \(allowed.joined(separator: ", "))")
        }
    }

    static func nonEmpty(_ value: String?, _ name: String) throws(OperationError) {
        if let value, value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidParameter(name: name, problem: "must not be empty")
        }
    }

    static func required(_ value: String, _ name: String) throws(OperationError) {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalidParameter(name: name, problem: "is required") }
    }

    static func regionId(_ value: String?) throws(OperationError) {
        guard let value else { return }
        guard (1...64).contains(value.count), value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw .invalidParameter(name: "regionId", problem: "must look like cn-beijing (lower-case letters, digits, '-')")
        }
    }

    static func instanceIds(_ ids: [String]?, required: Bool) throws(OperationError) {
        guard let ids else {
            if required { throw .invalidParameter(name: "instanceIds", problem: "is required") }
            return
        }
        if required && ids.isEmpty { throw .invalidParameter(name: "instanceIds", problem: "must name at least one instance") }
        if ids.count > 10_000 { throw .invalidParameter(name: "instanceIds", problem: "must name at most 10000 instances") }
        for id in ids where id.isEmpty || id.count > 128 || id.contains(where: { $0.isWhitespace || $0 == "\"" }) {
            throw .invalidParameter(name: "instanceIds", problem: "contains an invalid instance id")
        }
    }

    static func tags(_ tags: [ResourceTag]) throws(OperationError) {
        if tags.count > 20 { throw .invalidParameter(name: "tags", problem: "must have at most 20 tags") }
        for tag in tags {
            if tag.key.isEmpty || tag.key.count > 128 { throw .invalidParameter(name: "tags", problem: "tag keys must have 1 to 128 characters") }
            if tag.value.count > 128 { throw .invalidParameter(name: "tags", problem: "tag values must have at most 128 characters") }
        }
    }

    static func clientToken(_ token: String?) throws(OperationError) {
        guard let token else { return }
        guard (1...64).contains(token.count), token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw .invalidParameter(name: "clientToken", problem: "must be 1 to 64 printable ASCII characters")
        }
    }
}

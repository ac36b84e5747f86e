#if canImport(Glibc)
    import Glibc
#endif

/// The `serve` flags of the ECS client: where calls go, how they are signed, timeouts and retries.
public struct ECSClientFlags: Sendable, Equatable {
    /// `--endpoint URL`: every call goes to this endpoint (e.g. a stand-alone `ecsrpc simulate`).
    public var endpoint: ECSEndpoint?
    /// `--simulator`: start the embedded simulator on a loopback port and send every call there.
    public var simulator = false
    /// `--signature v1|acs3`.
    public var signatureVersion: SignatureVersion = .rpcV1
    /// `--connect-timeout SECONDS` (fractions allowed).
    public var connectTimeout: Duration = .seconds(5)
    /// `--read-timeout SECONDS` (fractions allowed).
    public var readTimeout: Duration = .seconds(10)
    /// `--max-retries N`.
    public var maxRetries = 3
    /// `--ca-file PATH`: PEM certificates trusted for HTTPS besides the system's.
    public var trustedCertificatesFile: String?

    public init() {}

    /// The flags this parser owns.
    public static let flagsTakingValues: Set<String> = [
        "--endpoint", "--signature", "--connect-timeout", "--read-timeout", "--max-retries", "--ca-file",
    ]

    /// Takes the backend's flags out of `arguments` and returns the others, in order.
    public static func extract(from arguments: [String]) throws(ECSClientFlagsError) -> (options: ECSClientFlags, remaining: [String]) {
        var options = ECSClientFlags()
        var remaining: [String] = []
        var index = 0
        while index < arguments.count {
            var argument = arguments[index]
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            index += 1
            if argument == "--simulator" && inlineValue == nil {
                options.simulator = true
                continue
            }
            guard flagsTakingValues.contains(argument) else {
                remaining.append(arguments[index - 1])
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .missingValue(argument) }
                value = arguments[index]
                index += 1
            }
            try options.apply(flag: argument, value: value)
        }
        if options.simulator && options.endpoint != nil {
            throw .conflict("--simulator and --endpoint cannot be combined")
        }
        return (options, remaining)
    }

    /// Applies one of the valued flags (`--endpoint`, `--signature`, `--connect-timeout`, `--read-timeout`, `--max-retries`,
    /// `--ca-file`).
    public mutating func apply(flag argument: String, value: String) throws(ECSClientFlagsError) {
        switch argument {
        case "--endpoint":
            do { endpoint = try ECSEndpoint(parsing: value) } catch {
                guard case .invalidEndpoint(_, let reason) = error else {
                    throw .invalidValue(flag: argument, value: value, expected: "an https URL or host")
                }
                throw .unusableValue(flag: argument, value: value, reason: reason)
            }
        case "--signature":
            guard let version = SignatureVersion(rawValue: value.lowercased()) else {
                throw .invalidValue(flag: argument, value: value, expected: "v1 or acs3")
            }
            signatureVersion = version
        case "--connect-timeout", "--read-timeout":
            guard let seconds = Double(value), seconds > 0, seconds <= 3600 else {
                throw .invalidValue(flag: argument, value: value, expected: "seconds, more than 0 and at most 3600")
            }
            let duration = Duration.milliseconds(Int((seconds * 1000).rounded()))
            if argument == "--connect-timeout" { connectTimeout = duration } else { readTimeout = duration }
        case "--max-retries":
            guard let retries = Int(value), (0...20).contains(retries) else {
                throw .invalidValue(flag: argument, value: value, expected: "an integer from 0 to 20")
            }
            maxRetries = retries
        case "--ca-file":
            // Read now, so a wrong path fails at start-up rather than at the first HTTPS call.
            // A key, a directory or any file without a certificate would only fail at the first HTTPS call.
            guard let handle = fopen(value, "r") else {
                throw .unusableValue(flag: argument, value: value, reason: "cannot read it (\(String(cString: strerror(errno))))")
            }
            defer { fclose(handle) }
            var contents: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while contents.count < 64 << 20 {
                let count = fread(&buffer, 1, buffer.count, handle)
                contents += buffer[0..<count]
                if count < buffer.count { break }
            }
            if ferror(handle) != 0 {
                throw .unusableValue(flag: argument, value: value, reason: "cannot read it (\(String(cString: strerror(errno))))")
            }
            guard String(decoding: contents, as: UTF8.self).contains("CERTIFICATE-----") else {
                throw .unusableValue(flag: argument, value: value, reason: "holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            }
            trustedCertificatesFile = value
        default:
            throw .invalidValue(flag: argument, value: value, expected: "a flag of the ECS client")
        }
    }

    /// The client configuration these options describe (`fixedEndpoint` set later for `--simulator`).
    public func clientConfiguration(fixedEndpoint: ECSEndpoint? = nil) -> ECSClientConfiguration {
        ECSClientConfiguration(
            signatureVersion: signatureVersion, fixedEndpoint: fixedEndpoint ?? endpoint,
            pinsFixedEndpoint: simulator && fixedEndpoint != nil, connectTimeout: connectTimeout,
            readTimeout: readTimeout, retryPolicy: RetryPolicy(maxRetries: maxRetries),
            trustedCertificatesFile: trustedCertificatesFile)
    }
}

/// A bad backend flag.
public enum ECSClientFlagsError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingValue(String)
    case invalidValue(flag: String, value: String, expected: String)
    case unusableValue(flag: String, value: String, reason: String)
    case conflict(String)

    public var description: String {
        switch self {
        case .missingValue(let flag): "\(flag) needs a value"
        case .invalidValue(let flag, let value, let expected): "invalid value \"\(value)\" for \(flag): expected \(expected)"
        case .unusableValue(let flag, let value, let reason): "invalid value \"\(value)\" for \(flag): \(reason)"
        case .conflict(let reason): reason
        }
    }
}

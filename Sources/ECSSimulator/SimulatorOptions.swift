import Foundation
import HTTPServer

/// Everything `ecsrpc simulate` (and `ecsrpc serve --simulator`) can be told on the command line.
public struct SimulatorOptions: Sendable {
    /// Loopback host to listen on (`127.0.0.1`, `::1` or `localhost`).
    public var host: String
    /// Port to listen on; 0 picks a free one.
    public var port: Int
    /// Milliseconds per state transition (Pending → Starting → Running, ...).
    public var transitionMilliseconds: Int
    /// Accepted key pairs; empty means the demo pair `testid` / `testsecret`.
    public var accessKeys: [AccessKeyPair]
    /// Where instances are kept across restarts; nil keeps them in memory only.
    public var stateFile: String?
    /// Fault rules, later rules for the same action winning.
    public var faults: [FaultRule]
    /// Seed of the fault generators, so runs repeat.
    public var seed: UInt64
    /// Log one line per request on stderr (`simulate` only).
    public var logRequests: Bool
    /// `--help` was given.
    public var showHelp: Bool
    /// Protocol rules (timestamp window, nonce memory, clock); tests change these, flags do not.
    public var gateway: GatewaySettings
    /// HTTP limits.
    public var http: HTTPServerConfiguration
    /// The simulator's HTTP limits: a head large enough for a 32 KiB `UserData` in the query string, where the
    /// Tea SDK puts every RunInstances parameter (about 47 KB once base64- and percent-encoded).
    public static let defaultHTTP = HTTPServerConfiguration(maximumHeadBytes: 128 * 1024)

    public init(
        host: String = "127.0.0.1", port: Int = 0, transitionMilliseconds: Int = 2000, accessKeys: [AccessKeyPair] = [],
        stateFile: String? = nil, faults: [FaultRule] = [], seed: UInt64 = 0, logRequests: Bool = true,
        gateway: GatewaySettings = GatewaySettings(), http: HTTPServerConfiguration = SimulatorOptions.defaultHTTP
    ) {
        self.host = host
        self.port = port
        self.transitionMilliseconds = transitionMilliseconds
        self.accessKeys = accessKeys
        self.stateFile = stateFile
        self.faults = faults
        self.seed = seed
        self.logRequests = logRequests
        self.showHelp = false
        self.gateway = gateway
        self.http = http
    }

    /// The flags this parser owns; `serve --simulator` passes these through.
    public static let flagsTakingValues: Set<String> = [
        "--listen", "--transition-ms", "--access-key", "--access-keys-file", "--state", "--fault", "--seed",
    ]
    /// Flags only `ecsrpc simulate` takes (`extract` leaves them to the caller).
    public static let flagsWithoutValues: Set<String> = ["--quiet", "--help", "-h"]

    /// Value flags only `ecsrpc simulate` takes: the stand-alone endpoint's certificate and key for HTTPS.
    public static let standAloneFlagsTakingValues: Set<String> = ["--tls-certificate", "--tls-key"]

    /// Parses `ecsrpc simulate`'s command line: the simulator's flags plus `--tls-certificate`, `--tls-key`,
    /// `--quiet` and `--help`. A certificate and key are loaded and checked here, so a bad pair is a usage error.
    public static func parse(arguments: [String]) throws(SimulatorOptionsError) -> SimulatorOptions {
        var (options, rest) = try extract(from: arguments)
        var files = TLSFiles()
        var index = 0
        while index < rest.count {
            var argument = rest[index]
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            index += 1
            if standAloneFlagsTakingValues.contains(argument) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < rest.count else { throw .missingValue(argument) }
                    value = rest[index]
                    index += 1
                }
                guard !value.isEmpty else { throw .invalidValue(flag: argument, value: value, expected: "a PEM file path") }
                try files.set(flag: argument, path: value)
                continue
            }
            switch rest[index - 1] {
            case "--quiet": options.logRequests = false
            case "--help", "-h": options.showHelp = true
            default: throw .unknownArgument(rest[index - 1])
            }
        }
        if !options.showHelp { options.http.tls = try files.load() }
        return options
    }

    /// Parses the simulator's value flags (`flagsTakingValues`) out of `arguments` and returns every other
    /// argument in order, `--help` included (for `serve --simulator`, which takes these flags beside its own).
    public static func extract(from arguments: [String]) throws(SimulatorOptionsError)
        -> (options: SimulatorOptions, remaining: [String])
    {
        var options = SimulatorOptions()
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
        return (options, remaining)
    }

    /// Applies one value flag (`--transition-ms`, `--fault`, ...) as `extract` would; for callers with
    /// their own option parser, such as `serve --simulator`.
    public mutating func apply(flag: String, value: String) throws(SimulatorOptionsError) {
        switch flag {
        case "--listen":
            (host, port) = try Self.parseListen(value)
        case "--transition-ms":
            guard let milliseconds = Int(value), milliseconds >= 0, milliseconds <= 3_600_000 else {
                throw .invalidValue(flag: flag, value: value, expected: "milliseconds from 0 to 3600000")
            }
            transitionMilliseconds = milliseconds
        case "--access-key":
            guard let pair = AccessKeyPair.parse(value) else {
                throw .invalidValue(flag: flag, value: "<hidden>", expected: "ID:SECRET")
            }
            accessKeys.append(pair)
        case "--access-keys-file":
            accessKeys += try Self.readKeysFile(value)
        case "--state":
            guard !value.isEmpty else { throw .invalidValue(flag: flag, value: value, expected: "a file path") }
            stateFile = value
        case "--fault":
            do { faults.append(try FaultRule.parse(value)) } catch {
                throw .invalidFault(spec: value, reason: error.description)
            }
        case "--seed":
            guard let parsed = UInt64(value) else {
                throw .invalidValue(flag: flag, value: value, expected: "a non-negative integer")
            }
            seed = parsed
        default:
            throw .unknownArgument(flag)
        }
    }

    /// The value flags with their value names and one-line help, for other commands' help texts.
    public static let flagDescriptions: [(flag: String, valueName: String, help: String)] = [
        ("--listen", "HOST:PORT", "loopback address of the simulator (default 127.0.0.1:0, a free port)"),
        ("--transition-ms", "N", "milliseconds per instance state transition (default 2000)"),
        ("--access-key", "ID:SECRET", "accept this key pair (repeatable; default testid:testsecret; other local users can read it in ps: prefer --access-keys-file)"),
        ("--access-keys-file", "FILE", "read ID:SECRET lines from FILE (# comments: at line start or after a space)"),
        ("--state", "FILE", "keep simulated instances in FILE across restarts"),
        ("--fault", "SPEC", "inject faults, e.g. action=RunInstances,throttle=0.5,error5xx=0.1,drop=0.05,latency-ms=200"),
        ("--seed", "N", "seed of the fault generators (default 0)"),
    ]

    /// `HOST:PORT`, `[::1]:PORT` or a bare `PORT`; the host must be loopback.
    static func parseListen(_ value: String) throws(SimulatorOptionsError) -> (String, Int) {
        var host = "127.0.0.1"
        var portText = value
        if let colon = value.lastIndex(of: ":") {
            host = String(value[..<colon])
            portText = String(value[value.index(after: colon)...])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .invalidValue(flag: "--listen", value: value, expected: "HOST:PORT with a port from 0 to 65535")
        }
        guard isLoopback(host) else { throw .notLoopback(host) }
        return (host, port)
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// One `ID:SECRET` per line, as ``AccessKeysFile`` reads it.
    static func readKeysFile(_ path: String) throws(SimulatorOptionsError) -> [AccessKeyPair] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableKeysFile(path) }
        return try AccessKeysFile.parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// The `--help` text (it names the demo key pair, which is not a secret).
    public static let helpText = """
        usage: ecsrpc simulate [options]

        A local Alibaba Cloud ECS endpoint (API 2014-05-26) that the official SDKs and ecsrpc can call.
        The first line on stdout is "listening on http://HOST:PORT" ("https://" with --tls-certificate); logs go
        to stderr.

        options:
          --listen HOST:PORT        loopback address to listen on (default 127.0.0.1:0, a free port)
          --transition-ms N         milliseconds per instance state transition (default 2000)
          --access-key ID:SECRET    accept this key pair (repeatable); each key ID is its own account; the
                                    secret is visible to other local users (ps): prefer --access-keys-file
          --access-keys-file FILE   read ID:SECRET lines from FILE; a # at the start of a line or after a space
                                    or tab starts a comment (a # inside a secret is kept; no spaces in ID or SECRET)
          --state FILE              keep instances in FILE across restarts (written atomically)
          --fault SPEC              inject faults (repeatable), e.g.
                                      action=RunInstances,throttle=0.5,error5xx=0.1,drop=0.05,latency-ms=200
                                    (action defaults to * = every action; rates are 0..1)
          --seed N                  seed of the fault generators, so runs repeat (default 0)
          --tls-certificate PEM     serve HTTPS (TLS 1.2 or newer) with this certificate (chain); needs --tls-key
          --tls-key PEM             the certificate's unencrypted private key; needs --tls-certificate
          --quiet                   do not log each request on stderr
          --help                    show this help

        With no --access-key, the demo pair from Alibaba's signature examples is accepted:
          AccessKeyId testid, AccessKeySecret testsecret

        STS AssumeRole (API 2015-04-01) is answered on the same port for any of these keys; the STS.* keys it
        issues work for ECS calls with their SecurityToken until their Expiration (kept in memory only).

        Control surface on the same port (no ECS path uses it):
          GET  /_simulator/health      GET /_simulator/instances      POST /_simulator/reset
          GET  /_simulator/faults      POST /_simulator/faults  {"seed": 7, "rules": [{"action": "*", "throttle": 0.2}]}

        Only loopback addresses are accepted: the simulator is a local test double with well-known demo keys.
        With HTTPS, clients must trust the certificate's issuer (ecsrpc serve --ca-file; the Tea SDK's
        Config(ca=...), as it ignores REQUESTS_CA_BUNDLE) and reach it by a name or address the certificate lists.
        """
}

/// Why the simulator's command line was refused.
public enum SimulatorOptionsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownArgument(String)
    case missingValue(String)
    case invalidValue(flag: String, value: String, expected: String)
    case invalidFault(spec: String, reason: String)
    case notLoopback(String)
    case unreadableKeysFile(String)
    case malformedKeysFile(path: String, line: Int)
    /// One of `--tls-certificate` and `--tls-key` without the other (the missing flag is named).
    case incompleteTLS(missing: String)
    /// The certificate and key could not be used.
    case unusableTLS(TLSIdentityError)

    public var description: String {
        switch self {
        case .unknownArgument(let argument): "unknown argument \(argument) (see --help)"
        case .missingValue(let flag): "\(flag) needs a value"
        case .invalidValue(let flag, let value, let expected): "invalid \(flag) \(value): expected \(expected)"
        case .invalidFault(let spec, let reason): "invalid --fault \(spec): \(reason)"
        case .notLoopback(let host):
            "refusing to listen on \(host): only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed"
        case .unreadableKeysFile(let path): "cannot read access keys file \(path)"
        case .malformedKeysFile(let path, let line): "\(path):\(line): expected ID:SECRET (no spaces; # comments)"
        case .incompleteTLS(let missing):
            "HTTPS needs both --tls-certificate and --tls-key: \(missing) is missing"
        case .unusableTLS(let error): error.description
        }
    }
}

import HTTPServer

/// The `--tls-certificate` and `--tls-key` paths of `ecsrpc simulate`, gathered while parsing, loaded together.
struct TLSFiles: Sendable {
    var certificate: String?
    var key: String?

    /// Records one flag's path (a repeated flag keeps the last).
    mutating func set(flag: String, path: String) throws(SimulatorOptionsError) {
        switch flag {
        case "--tls-certificate": certificate = path
        case "--tls-key": key = path
        default: throw .unknownArgument(flag)
        }
    }

    /// The loaded and checked identity; nil when neither flag was given.
    func load() throws(SimulatorOptionsError) -> TLSServerIdentity? {
        switch (certificate, key) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .incompleteTLS(missing: "--tls-key")
        case (nil, .some):
            throw .incompleteTLS(missing: "--tls-certificate")
        case (.some(let certificate), .some(let key)):
            do {
                return try TLSServerIdentity.load(certificateFile: certificate, keyFile: key)
            } catch {
                throw .unusableTLS(error)
            }
        }
    }
}

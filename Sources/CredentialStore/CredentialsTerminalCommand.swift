import Foundation

/// `ecsrpc credentials add NAME | list | remove NAME | default NAME` for people at a terminal.
/// Secrets come from stdin (a no-echo prompt at a terminal, else one per line), never from argv.
public enum CredentialsTerminalCommand {
    /// Usage text, printed for `help` and after usage errors.
    public static let usage = """
        usage: ecsrpc credentials <command>
          add NAME [--access-key-id ID] [--region REGION] [--endpoint HOST] [--security-token-stdin] [--default]
                         create or replace a profile; the secret (then the STS token with
                         --security-token-stdin) is read from stdin, or prompted for without echo
                         at a terminal; without --access-key-id the id is read first
          list           the profiles: masked key ids, regions, endpoints, * marks the default
          remove NAME    delete a profile
          default NAME   make a profile the default (--none clears it)
        The store is $ECSRPC_CONFIG_DIR/credentials.json (default ${XDG_CONFIG_HOME:-~/.config}/ecsrpc/).

        Where a call's credentials come from, the first that applies:
          1. accessKeyId + accessKeySecret params   2. the 'profile' param   3. serve --profile NAME
          4. the store's default profile   5. ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN
          6. ~/.aliyun/config.json (current profile, or ALIBABA_CLOUD_PROFILE), modes:
               AK, StsToken             the keys in the file
               RamRoleArn               STS AssumeRole signed by the profile's keys (ram_role_arn,
                                        ram_session_name, expired_seconds, external_id, sts_endpoint/sts_region)
               ChainableRamRoleArn      AssumeRole signed by source_profile's credentials
               External                 process_command's stdout: {"mode": "AK"|"StsToken", ...}
               CredentialsURI           GET credentials_uri (https, or http to loopback)
             fetched credentials are reused until 5 minutes before they expire; EcsRamRole is not
             supported (ecsrpc never contacts the instance-metadata service)
          7. under serve --simulator, the simulator's demo pair testid/testsecret (or the first key given to it
             with --access-key / --access-keys-file); under --simulator, 5 and 6 (real-cloud keys) are skipped
        The region: regionId param, the profile's region, ALIBABA_CLOUD_REGION_ID, the aliyun CLI profile's.

        """

    /// Runs the command and returns the exit status: 0 done, 1 failed, 64 usage error (as every ecsrpc command), 130 cancelled.
    /// `endpointProblem` checks `add --endpoint` the way calls will use it (nil: usable; else why not), so the
    /// command refuses what `credentials.set` refuses; this module cannot parse endpoints itself.
    public static func run(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        input: Int32 = 0, output: Int32 = 1, errorOutput: Int32 = 2, endpointProblem: (String) -> String? = { _ in nil }
    ) -> Int32 {
        let console = Console(output: output, errorOutput: errorOutput)
        guard let command = arguments.first else {
            console.error(usage)
            return 64
        }
        // `credentials add --help` too: help anywhere is help, never a profile name or an unknown option.
        if command == "help" || arguments.contains("--help") || arguments.contains("-h") {
            console.print(usage)
            return 0
        }
        let store: CredentialStore
        do throws(CredentialStoreError) {
            store = try CredentialStore(environment: environment)
        } catch {
            console.error("ecsrpc credentials: \(error)\n")
            return 1
        }
        let rest = Array(arguments.dropFirst())
        let outcome: Result<String, CommandFailure>
        switch command {
        case "add", "set":
            outcome = add(
                rest, store: store, input: TerminalInput(descriptor: input, promptDescriptor: errorOutput),
                endpointProblem: endpointProblem)
        case "list", "ls": outcome = list(rest, store: store)
        case "remove", "rm", "delete": outcome = remove(rest, store: store)
        case "default": outcome = makeDefault(rest, store: store)
        default: outcome = .failure(.usage("unknown credentials command '\(command)'"))
        }
        switch outcome {
        case .success(let text):
            console.print(text)
            return 0
        case .failure(.usage(let message)):
            console.error("ecsrpc credentials: \(message)\n\(usage)")
            return 64
        case .failure(.store(let error)):
            console.error("ecsrpc credentials: \(error)\n")
            return 1
        case .failure(.input(let message)):
            console.error("ecsrpc credentials: \(message)\n")
            return 1
        case .failure(.cancelled):
            console.error("ecsrpc credentials: cancelled\n")
            return 130
        }
    }

    enum CommandFailure: Error {
        case usage(String)
        case store(CredentialStoreError)
        case input(String)
        case cancelled
    }

    private static func add(
        _ arguments: [String], store: CredentialStore, input: TerminalInput, endpointProblem: (String) -> String?
    ) -> Result<String, CommandFailure> {
        var name: String?
        var accessKeyId: String?
        var regionId: String?
        var endpoint: String?
        var readToken = false
        var makeDefault = false
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--access-key-id", "--region", "--region-id", "--endpoint":
                guard let value = remaining.popFirst() else { return .failure(.usage("\(argument) needs a value")) }
                if argument == "--access-key-id" { accessKeyId = value } else if argument == "--endpoint" { endpoint = value } else { regionId = value }
            case "--security-token-stdin": readToken = true
            case "--default": makeDefault = true
            case let option where option.hasPrefix("--access-key-secret") || option.hasPrefix("--secret")
                || option.hasPrefix("--security-token") || option.hasPrefix("--sts-token"):
                return .failure(
                    .usage("secrets are never taken from the command line (they would show in ps and shell history);"
                        + " give them on stdin or at the prompt"))
            case let option where option.hasPrefix("-"):
                return .failure(.usage("unknown option '\(option)' for add"))
            default:
                guard name == nil else { return .failure(.usage("add takes one profile name")) }
                name = argument
            }
        }
        guard let name else { return .failure(.usage("add needs a profile name")) }
        if let endpoint, !endpoint.isEmpty, let problem = endpointProblem(endpoint) {
            return .failure(.input("invalid endpoint \"\(endpoint)\": \(problem)"))
        }
        do throws(CredentialStoreError) {
            try ProfileValidation.validateName(name)
        } catch {
            return .failure(.store(error))
        }
        if input.isTerminal { TerminalOutput.write("Profile '\(name)' in \(store.filePath)\n", to: input.promptDescriptor) }
        func field(_ prompt: String, _ what: String, secret: Bool) -> Result<String, CommandFailure> {
            switch input.readLine(prompt: prompt, secret: secret) {
            case .line(let text):
                let value = text.trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? .failure(.input("\(what) is empty")) : .success(value)
            case .endOfInput: return .failure(.input("no \(what) on stdin"))
            case .cancelled: return .failure(.cancelled)
            }
        }
        do throws(CommandFailure) {
            let id: String
            if let accessKeyId { id = accessKeyId } else { id = try field("AccessKey ID: ", "access key id", secret: false).get() }
            let secret = try field("AccessKey Secret (not shown): ", "access key secret", secret: true).get()
            var token: String?
            if readToken { token = try field("STS token (not shown): ", "security token", secret: true).get() }
            let profile: CredentialProfile
            let replaced: CredentialProfile?
            do throws(CredentialStoreError) {
                profile = try CredentialProfile(
                    name: name, accessKeyId: id, accessKeySecret: secret, securityToken: token, regionId: regionId,
                    endpoint: endpoint)
                var previous: CredentialProfile?
                try store.update { (stored: inout StoredCredentials) throws(CredentialStoreError) in
                    previous = stored.profile(named: name)
                    stored.set(profile)
                    if makeDefault { try stored.setDefault(named: name) }
                }
                replaced = previous
            } catch {
                throw .store(error)
            }
            let place = "\(makeDefault ? " as the default" : "") in \(store.filePath)\n"
            guard let replaced else { return .success("saved profile '\(name)' (\(profile.maskedAccessKeyId))" + place) }
            // Replacing is whole: say what the old profile had that this one does not, so nothing is lost unnoticed.
            var notes = [profile.maskedAccessKeyId]
            if replaced.maskedAccessKeyId != profile.maskedAccessKeyId { notes[0] += "; was \(replaced.maskedAccessKeyId)" }
            if let region = replaced.regionId, profile.regionId == nil { notes.append("no region (was \(region))") }
            if let oldEndpoint = replaced.endpoint, profile.endpoint == nil { notes.append("no endpoint (was \(oldEndpoint))") }
            return .success("replaced profile '\(name)' (\(notes.joined(separator: ", ")))" + place)
        } catch {
            return .failure(error)
        }
    }

    private static func list(_ arguments: [String], store: CredentialStore) -> Result<String, CommandFailure> {
        guard arguments.isEmpty else { return .failure(.usage("list takes no arguments")) }
        let stored: StoredCredentials
        do throws(CredentialStoreError) { stored = try store.load() } catch { return .failure(.store(error)) }
        if stored.profiles.isEmpty {
            return .success("no profiles in \(store.filePath); add one with: ecsrpc credentials add NAME\n")
        }
        var rows = [["", "NAME", "ACCESS KEY ID", "REGION", "ENDPOINT", "STS"]]
        for profile in stored.profiles {
            rows.append([
                profile.name == stored.defaultProfileName ? "*" : "", profile.name, profile.maskedAccessKeyId,
                profile.regionId ?? "-", profile.endpoint ?? "-", profile.credentials.securityToken == nil ? "" : "yes",
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            var line = zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        return .success(lines.joined(separator: "\n") + "\n")
    }

    private static func remove(_ arguments: [String], store: CredentialStore) -> Result<String, CommandFailure> {
        guard arguments.count == 1, let name = arguments.first else { return .failure(.usage("remove takes one profile name")) }
        do throws(CredentialStoreError) {
            try store.delete(named: name)
        } catch {
            return .failure(.store(error))
        }
        return .success("removed profile '\(name)'\n")
    }

    private static func makeDefault(_ arguments: [String], store: CredentialStore) -> Result<String, CommandFailure> {
        guard arguments.count == 1, let name = arguments.first else { return .failure(.usage("default takes one profile name")) }
        do throws(CredentialStoreError) {
            try store.setDefault(named: name == "--none" ? nil : name)
        } catch {
            return .failure(.store(error))
        }
        return .success(name == "--none" ? "no default profile\n" : "'\(name)' is now the default profile\n")
    }

    private struct Console {
        let output: Int32
        let errorOutput: Int32
        func print(_ text: String) { TerminalOutput.write(text, to: output) }
        func error(_ text: String) { TerminalOutput.write(text, to: errorOutput) }
    }
}

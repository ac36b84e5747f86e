import CredentialStore
import ECSClient
import ECSOperations
import Foundation
import JSON
import JSONRPC

#if canImport(Glibc)
    import Glibc
#endif

/// Calls DescribeRegions with the given options; the ECS wiring supplies it so `credentials.test` goes
/// exactly where real calls go (the simulator under `--simulator`).
public typealias CredentialsRegionProbe = @Sendable (CallOptions) async throws(OperationError) -> OperationResult

/// The `credentials.*` methods, thin handlers over the credential store, plus the credential source in
/// `server.info`. Secrets go in (`credentials.set`) and never come out.
public enum CredentialsMethods {
    /// Registers `credentials.list/set/delete/setDefault/test` and adds `credentials` to `server.info`.
    public static func register(in registry: MethodRegistry, provider: CredentialProvider, probe: CredentialsRegionProbe?) {
        registry.register("credentials.list") { parameters, context in
            try requireOwner(context)
            try parameters.rejectUnknown(allowed: [])
            let store = try storeOf(provider)
            let stored = try await store.perform { store throws(CredentialStoreError) in try store.load() }
            return .object([
                "profiles": .array(stored.profiles.map { entry($0, defaultName: stored.defaultProfileName) }),
                "defaultProfile": stored.defaultProfileName.map(JSONValue.string) ?? .null,
                "storePath": .string(store.filePath),
            ])
        }
        registry.register("credentials.set") { parameters, context in
            try requireOwner(context)
            try parameters.rejectUnknown(allowed: [
                "name", "profile", "accessKeyId", "accessKeySecret", "securityToken", "regionId", "endpoint", "makeDefault",
            ])
            let profile = try CredentialProfile(
                name: try parameters.requiredString("name", aliases: ["profile"]),
                accessKeyId: try parameters.requiredString("accessKeyId"),
                accessKeySecret: try parameters.requiredString("accessKeySecret"),
                securityToken: try parameters.string("securityToken"), regionId: try parameters.string("regionId"),
                endpoint: try parameters.string("endpoint"))
            if let endpoint = profile.endpoint {
                do throws(ECSClientError) {
                    _ = try ECSEndpoint(parsing: endpoint)
                } catch {
                    guard case .invalidEndpoint(_, let reason) = error else { throw error }
                    throw RPCError.invalidParams(parameter: "endpoint", problem: reason)
                }
            }
            let makeDefault = try parameters.bool("makeDefault") ?? false
            let store = try storeOf(provider)
            let (created, stored) = try await store.perform { store throws(CredentialStoreError) in
                var created = false
                let stored = try store.update { (stored: inout StoredCredentials) throws(CredentialStoreError) in
                    created = stored.profile(named: profile.name) == nil
                    stored.set(profile)
                    if makeDefault { try stored.setDefault(named: profile.name) }
                }
                return (created, stored)
            }
            return .object([
                "profile": entry(profile, defaultName: stored.defaultProfileName), "created": .bool(created),
                "defaultProfile": stored.defaultProfileName.map(JSONValue.string) ?? .null,
            ])
        }
        registry.register("credentials.delete") { parameters, context in
            try requireOwner(context)
            try parameters.rejectUnknown(allowed: ["name", "profile"])
            let name = try parameters.requiredString("name", aliases: ["profile"])
            let store = try storeOf(provider)
            let stored = try await store.perform { store throws(CredentialStoreError) in try store.delete(named: name) }
            return .object([
                "deleted": .string(name), "defaultProfile": stored.defaultProfileName.map(JSONValue.string) ?? .null,
            ])
        }
        registry.register("credentials.setDefault") { parameters, context in
            try requireOwner(context)
            try parameters.rejectUnknown(allowed: ["name", "profile"])
            // `"name": null` clears the default; an absent name is a mistake.
            let clears = parameters.object["name"]?.isNull == true && !parameters.contains("profile")
            let name: String? = clears ? nil : try parameters.requiredString("name", aliases: ["profile"])
            let store = try storeOf(provider)
            let stored = try await store.perform { store throws(CredentialStoreError) in try store.setDefault(named: name) }
            return .object(["defaultProfile": stored.defaultProfileName.map(JSONValue.string) ?? .null])
        }
        registry.register("credentials.test") { parameters, context in
            try requireOwner(context)
            try parameters.rejectUnknown(allowed: ["name", "profile", "regionId"])
            let name = try parameters.string("name", aliases: ["profile"])
            let regionId = try parameters.string("regionId")
            guard let probe else { throw RPCError.internalError("credentials.test needs the ECS backend") }
            return try await test(profile: name, regionId: regionId, provider: provider, probe: probe)
        }
        if let serverInfo = registry.handler(for: "server.info") {
            registry.register("server.info") { parameters, context in
                var info = try await serverInfo(parameters, context).objectValue ?? JSONObject()
                info["credentials"] = await sourceReport(provider)
                return .object(info)
            }
        }
    }

    /// The provider for this service: the store at its default place, `--profile`, the process environment;
    /// logs a warning at start-up when `--profile` names no stored profile.
    public static func provider(for assembly: ServiceAssembly, simulator: Bool) -> CredentialProvider {
        let provider = CredentialProvider(
            serverProfile: assembly.configuration[CredentialsServerProfile.self], simulator: simulator,
            environment: ProcessInfo.processInfo.environment)
        if let problem = provider.serverProfileProblem() {
            assembly.logger.warning("credentials.server_profile", ["problem": .string(problem.description)])
        }
        return provider
    }

    /// A profile as `credentials.list` shows it: the key id masked, never the secret or token.
    static func entry(_ profile: CredentialProfile, defaultName: String?) -> JSONValue {
        var object: JSONObject = [
            "name": .string(profile.name), "maskedAccessKeyId": .string(profile.maskedAccessKeyId),
        ]
        if let regionId = profile.regionId { object["regionId"] = .string(regionId) }
        if let endpoint = profile.endpoint { object["endpoint"] = .string(endpoint) }
        object["hasSecurityToken"] = .bool(profile.credentials.securityToken != nil)
        object["isDefault"] = .bool(profile.name == defaultName)
        return .object(object)
    }

    /// Socket peers admitted with `--allow-uid` may make ECS calls, but only the server's own user may
    /// read or change its credential store.
    static func requireOwner(_ context: MethodContext) throws(RPCError) {
        guard context.connection.transport == .unixSocket, let peer = context.connection.peerUID, peer != getuid() else {
            return
        }
        throw RPCError(
            .credentialStoreError,
            message: "Credential store error: the credentials methods are limited to the server's own user (uid \(getuid()))",
            data: ["reason": .string("peer uid \(peer) is not the server's uid \(getuid())")])
    }

    private static func storeOf(_ provider: CredentialProvider) throws(CredentialStoreError) -> CredentialStore {
        guard let store = provider.store else { throw .noConfigurationDirectory }
        return store
    }
}

import CredentialStore
import JSON

extension CredentialsMethods {
    /// `server.info`'s `credentials`: which source a call without credentials would use now, e.g.
    /// `aliyun-cli:dev (RamRoleArn)`; nothing is fetched (no role is assumed) just to say so.
    static func sourceReport(_ provider: CredentialProvider) async -> JSONValue {
        var report: JSONObject = [:]
        do throws(CredentialResolutionError) {
            report["source"] = .string(try await provider.plan(CredentialRequest()).source.description)
        } catch {
            report["source"] = .null
            report["problem"] = .string(error.description)
        }
        if let serverProfile = provider.serverProfile { report["serverProfile"] = .string(serverProfile) }
        if let store = provider.store { report["storePath"] = .string(store.filePath) }
        return .object(report)
    }
}

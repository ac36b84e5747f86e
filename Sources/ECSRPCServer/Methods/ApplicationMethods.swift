import CredentialStore
import Foundation
import JSONRPC

/// The one place application methods (ECS, credentials…) are added to the service.
///
/// Each method lives in its own file in this folder; add one line here per method or group.
enum ApplicationMethods {
    static func register(in assembly: ServiceAssembly) async throws {
        // TODO(ECS wiring): pass the real --simulator flag and a DescribeRegions probe.
        let credentials = CredentialsMethods.provider(for: assembly, simulator: false)
        CredentialsMethods.register(in: assembly.registry, provider: credentials, probe: nil)
    }
}

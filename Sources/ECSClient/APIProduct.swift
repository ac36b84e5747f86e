/// The Alibaba Cloud API a call belongs to, with the version it is signed for: ECS by default, STS for AssumeRole.
public struct APIProduct: Sendable, Hashable, CustomStringConvertible {
    /// The product code, e.g. `Ecs`, `Sts`.
    public var code: String
    /// The API version sent as `Version` / `x-acs-version`.
    public var version: String

    public init(code: String, version: String) {
        self.code = code
        self.version = version
    }

    public static let ecs = APIProduct(code: "Ecs", version: RequestSigner.apiVersion)
    public static let sts = APIProduct(code: "Sts", version: "2015-04-01")

    public var description: String { "\(code) \(version)" }
}

/// One API call (ECS unless `product` says otherwise): the action, its business parameters (already in wire form),
/// and routing hints.
public struct ECSRequest: Sendable, Equatable {
    public var action: String
    /// The API and version the call is signed for; other products than ECS need their own `endpoint`.
    public var product: APIProduct
    /// Business parameters in wire form (`RegionId`, `InstanceId.1`, `SystemDisk.Size`, …).
    public var parameters: [String: String]
    /// The call's own endpoint (host or URL), if the caller gave one.
    public var endpoint: String?
    /// Whether sending the call twice is harmless, so it may be retried after an ambiguous failure (5xx, timeout).
    public var isIdempotent: Bool

    /// Read actions (`Describe*`) and `RunInstances`/`DeleteInstances` carrying a `ClientToken` are idempotent by default.
    public init(
        action: String, parameters: [String: String] = [:], endpoint: String? = nil, isIdempotent: Bool? = nil,
        product: APIProduct = .ecs
    ) {
        self.action = action
        self.product = product
        self.parameters = parameters
        self.endpoint = endpoint
        self.isIdempotent = isIdempotent ?? Self.isIdempotentByDefault(action: action, parameters: parameters)
    }

    /// The region the call is about (its `RegionId` parameter), used to pick the regional endpoint.
    public var regionId: String? { parameters["RegionId"] }

    static func isIdempotentByDefault(action: String, parameters: [String: String]) -> Bool {
        if action.hasPrefix("Describe") { return true }
        if action == "RunInstances" || action == "DeleteInstances" {
            return !(parameters["ClientToken"] ?? "").isEmpty
        }
        return false
    }
}

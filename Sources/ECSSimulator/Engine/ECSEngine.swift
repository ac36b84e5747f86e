import Foundation
import JSON

// STAND-IN, replaced at merge by the simengine engineer's Engine/ (same interface).
// It answers DescribeRegions only, so the protocol layer can be built and tested first.

/// One ECS API call as the engine sees it: the action, its business parameters, and the calling account.
public struct ECSCall: Sendable {
    public var action: String
    public var parameters: [String: String]
    public var accountID: String

    public init(action: String, parameters: [String: String], accountID: String) {
        self.action = action
        self.parameters = parameters
        self.accountID = accountID
    }
}

/// An ECS error answer: code, message and HTTP status, exactly as the service reports them.
public struct ECSServiceError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public var httpStatus: Int

    public init(code: String, message: String, httpStatus: Int) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }
}

/// Tunables of the simulated service.
public struct EngineConfiguration: Sendable {
    public var transitionMilliseconds: Int

    public init(transitionMilliseconds: Int = 2000) {
        self.transitionMilliseconds = transitionMilliseconds
    }
}

/// The simulated ECS domain (stand-in: DescribeRegions only).
public actor ECSEngine {
    private let configuration: EngineConfiguration
    private var counter = 0
    public private(set) var revision = 0

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
    }

    /// Body fields of a successful answer (without RequestId), or the service error.
    public func perform(_ call: ECSCall) async -> Result<JSONObject, ECSServiceError> {
        switch call.action {
        case "DescribeRegions":
            let regions: [JSONValue] = [
                ["RegionId": "cn-hangzhou", "LocalName": "华东1（杭州）", "RegionEndpoint": "ecs.aliyuncs.com"],
                ["RegionId": "cn-shanghai", "LocalName": "华东2（上海）", "RegionEndpoint": "ecs.cn-shanghai.aliyuncs.com"],
            ]
            return .success(["Regions": ["Region": .array(regions)]])
        case "StandInCount":
            counter += 1
            revision += 1
            return .success(["Count": .number(JSONNumber(counter))])
        default:
            return .failure(
                ECSServiceError(
                    code: "InvalidAction.NotFound", message: "Specified api is not found, please check your url and method.",
                    httpStatus: 404))
        }
    }

    public func snapshot() -> Data {
        Data(JSONValue.object(["counter": .number(JSONNumber(counter))]).serializedBytes())
    }

    public func restore(from data: Data) throws {
        let value = try JSONValue.parse(Array(data))
        counter = value["counter"]?.intValue ?? 0
        revision += 1
    }

    public func reset() {
        counter = 0
        revision += 1
    }

    public func listInstances() -> JSONValue { .array([]) }
}

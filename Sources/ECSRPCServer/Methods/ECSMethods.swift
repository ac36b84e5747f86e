import ECSOperations
import JSONRPC

/// Registers the nine ECS methods; each is a thin handler over `ECSOperations`.
enum ECSMethods {
    static let names = [
        RegionsListMethod.name, ImagesListMethod.name, InstanceTypesListMethod.name, InstancesCreateMethod.name,
        InstancesListMethod.name,
    ] + InstanceAction.allCases.map(InstanceActionMethod.name)

    static func register(in registry: MethodRegistry, operations: ECSOperations) {
        registry.register(RegionsListMethod.name) { parameters, _ in try await RegionsListMethod.handle(parameters, operations) }
        registry.register(ImagesListMethod.name) { parameters, _ in try await ImagesListMethod.handle(parameters, operations) }
        registry.register(InstanceTypesListMethod.name) { parameters, _ in
            try await InstanceTypesListMethod.handle(parameters, operations)
        }
        registry.register(InstancesCreateMethod.name) { parameters, _ in try await InstancesCreateMethod.handle(parameters, operations) }
        registry.register(InstancesListMethod.name) { parameters, _ in try await InstancesListMethod.handle(parameters, operations) }
        for action in InstanceAction.allCases {
            registry.register(InstanceActionMethod.name(action)) { parameters, _ in
                try await InstanceActionMethod.handle(action, parameters, operations)
            }
        }
    }
}

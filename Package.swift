// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "ecsrpc",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecsrpc", targets: ["ecsrpc"]),
        .library(name: "ECSOperations", targets: ["ECSOperations"]),
        .library(name: "ECSSimulator", targets: ["ECSSimulator"]),
    ],
    targets: [
        // MARK: - Foundations
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CTLS", pkgConfig: "libssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "JSON", swiftSettings: swiftSettings),
        .target(name: "ECSSignature", dependencies: ["CCrypto"], swiftSettings: swiftSettings),
        .target(name: "ProcessSignals", swiftSettings: swiftSettings),

        // MARK: - JSON-RPC backbone
        .target(name: "JSONRPC", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .target(name: "Transport", dependencies: ["JSONRPC", "JSON"], swiftSettings: swiftSettings),

        // MARK: - Local ECS simulator
        .target(name: "HTTPServer", dependencies: ["CTLS"], swiftSettings: swiftSettings),
        .target(
            name: "ECSSimulator", dependencies: ["HTTPServer", "ECSSignature", "ProcessSignals", "JSON"],
            swiftSettings: swiftSettings),

        // MARK: - ECS client and core operations
        .target(name: "ECSClient", dependencies: ["CTLS", "ECSSignature", "JSON"], swiftSettings: swiftSettings),
        .target(name: "CredentialStore", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .target(
            name: "ECSOperations", dependencies: ["ECSClient", "CredentialStore", "JSON"],
            swiftSettings: swiftSettings),

        // MARK: - The service
        .target(
            name: "ECSRPCServer",
            dependencies: ["JSONRPC", "Transport", "ECSOperations", "ECSClient", "CredentialStore", "ECSSimulator", "ProcessSignals", "JSON"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ecsrpc", dependencies: ["ECSRPCServer", "ECSSimulator", "CredentialStore", "JSONRPC", "Transport", "JSON"],
            swiftSettings: swiftSettings),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["JSON"], path: "Sources/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: swiftSettings),
        .testTarget(name: "ECSSignatureTests", dependencies: ["ECSSignature", "JSON"], swiftSettings: swiftSettings),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "JSON"], swiftSettings: swiftSettings),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "JSONRPC", "JSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "CTLS", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ECSSimulatorTests", dependencies: ["ECSSimulator", "ECSSignature", "HTTPServer", "JSON", "TestSupport"],
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ECSClientTests", dependencies: ["ECSClient", "CTLS", "ECSSimulator", "HTTPServer", "JSON", "TestSupport"],
            exclude: ["Vectors", "TLS"],
            swiftSettings: swiftSettings),
        .testTarget(name: "CredentialStoreTests", dependencies: ["CredentialStore", "JSON", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ECSOperationsTests", dependencies: ["ECSOperations", "ECSClient", "CredentialStore", "ECSSimulator", "JSON", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ECSRPCServerTests", dependencies: ["ECSRPCServer", "ECSOperations", "ECSClient", "JSONRPC", "JSON", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["JSON", "TestSupport"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
    ]
)

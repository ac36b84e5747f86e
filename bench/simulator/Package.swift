// swift-tools-version:6.0
// Benchmark of the simulator engine: DescribeInstances over 10,000 instances in one region.
// Run: swift run -c release --package-path bench/simulator
import PackageDescription

let package = Package(
    name: "simulator-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ecsrpc", path: "../..")],
    targets: [
        .executableTarget(
            name: "SimulatorBench",
            dependencies: [.product(name: "ECSSimulator", package: "ecsrpc")],
            swiftSettings: [.swiftLanguageMode(.v6)])
    ]
)

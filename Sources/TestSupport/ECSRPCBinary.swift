import Foundation

/// Finds the `ecsrpc` executable built next to the test bundle (any `--scratch-path`), or `$ECSRPC_BINARY`.
public enum ECSRPCBinary {
    /// The absolute path of the built binary.
    public static func path() throws -> String {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["ECSRPC_BINARY"], !override.isEmpty {
            candidates.append(override)
        }
        // The test runner lives in <scratch>/<triple>/debug/, beside the products.
        for runner in [resolvedSelfExecutable(), CommandLine.arguments.first].compactMap({ $0 }) {
            var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("ecsrpc").path)
                directory = directory.deletingLastPathComponent()
            }
        }
        let cwd = FileManager.default.currentDirectoryPath
        candidates.append("\(cwd)/.build/debug/ecsrpc")
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw TestSupportError.binaryNotFound(searched: candidates)
    }

    private static func resolvedSelfExecutable() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}

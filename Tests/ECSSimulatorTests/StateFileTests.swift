import ECSSimulator
import Foundation
import JSON
import Testing

@Suite("State persistence")
struct StateFileTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sim-state-\(UUID().uuidString).json").path
    }

    @Test("an atomic write replaces the whole file and leaves no temporary behind")
    func atomicWrite() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = StateFile(path: path)
        #expect(try file.read() == nil)
        try file.write(Data("first, longer content".utf8))
        try file.write(Data("second".utf8))
        #expect(try file.read() == Data("second".utf8))
        let directory = (path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.hasPrefix((path as NSString).lastPathComponent + ".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test("a symlink planted at the temporary file's name is not followed: its target is left untouched")
    func plantedSymlinkNotFollowed() throws {
        let path = temporaryPath()
        let victim = temporaryPath() + ".victim"
        defer {
            for leftover in [path, victim, "\(path).tmp-\(getpid())"] { try? FileManager.default.removeItem(atPath: leftover) }
        }
        try Data("victim's own content".utf8).write(to: URL(fileURLWithPath: victim))
        // In a shared directory another user can guess the temporary name and plant a link there.
        try FileManager.default.createSymbolicLink(atPath: "\(path).tmp-\(getpid())", withDestinationPath: victim)
        try StateFile(path: path).write(Data("state".utf8))
        #expect(try Data(contentsOf: URL(fileURLWithPath: victim)) == Data("victim's own content".utf8))
        #expect(try StateFile(path: path).read() == Data("state".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
    }

    @Test("--state saves the engine's snapshot and a restart restores it")
    func restartRestores() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await SimulatorHarness.start { options in options.stateFile = path }
        // A reset is a state change every engine reports through `revision`.
        _ = try await first.send(TestSigner.raw(method: "POST", target: "/_simulator/reset", headers: [], body: ""))
        await first.stop()
        let saved = try #require(try StateFile(path: path).read())
        #expect(saved == (await first.server.engine.snapshot()))
        #expect((try? JSONValue.parse(Array(saved))) != nil)
        let before = await first.server.engine.listInstances()
        let second = try await SimulatorHarness.start { options in options.stateFile = path }
        #expect(await second.server.engine.listInstances() == before)
        await second.stop()
    }

    @Test("a corrupt state file stops the start and is left untouched")
    func corrupt() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: StateFileError.self) {
            _ = try await SimulatorHarness.start { options in options.stateFile = path }
        }
        #expect(try StateFile(path: path).read() == Data("{not json".utf8))
    }
}

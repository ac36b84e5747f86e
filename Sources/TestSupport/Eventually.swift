/// Polls `condition` until it holds or `timeout` passes; for states with no event to wait on (files, exits).
public func waitUntil(
    timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(10), _ what: String = "a condition",
    _ condition: () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try condition() { return }
        if ContinuousClock.now >= deadline { throw TestSupportError.timedOut(waitingFor: what) }
        try await Task.sleep(for: interval)
    }
}

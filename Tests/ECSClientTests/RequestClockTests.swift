import Foundation
import Testing

@testable import ECSClient

@Suite("Request clock (timestamps and nonces formatted by hand)")
struct RequestClockTests {
    @Test("timestamps are zero-padded UTC, on both sides of a year boundary")
    func timestamps() {
        #expect(RequestClock.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RequestClock.timestamp(Date(timeIntervalSince1970: 1_798_761_599.9)) == "2026-12-31T23:59:59Z")
        #expect(RequestClock.timestamp(Date(timeIntervalSince1970: 1_798_761_600)) == "2027-01-01T00:00:00Z")
    }

    @Test("nonces are 32 lower-case hex characters and differ")
    func nonces() {
        let nonces = (0..<50).map { _ in RequestClock.nonce() }
        #expect(Set(nonces).count == 50)
        #expect(nonces.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
    }
}

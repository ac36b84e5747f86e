import ECSSignature

/// A remembered nonce: the first 128 bits of SHA-256 over the access key id and the nonce.
///
/// Sixteen bytes held inline instead of the nonce's text on the heap, so the replay cache costs about a third
/// of the memory per nonce; two different nonces sharing a key is as likely as a SHA-256 collision in 128 bits.
struct NonceKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(accessKeyID: String, nonce: String) {
        let digest = Digest.sha256(Array(accessKeyID.utf8) + [0] + Array(nonce.utf8))
        high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }
}

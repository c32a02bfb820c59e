internal import Crypto

/// The digest the event ledger keeps of each event's canonical text: SHA-256 (FIPS 180-4), by
/// swift-crypto (BoringSSL's implementation on Linux). PostgreSQL's `sha256()` gives the same
/// bytes (migration 0004 computed the digests of existing rows with it).
///
/// ```swift
/// let digest = Array("abc".utf8).withUnsafeBufferPointer { LedgerDigest.sha256($0) }   // ba7816bf…
/// ```
public enum LedgerDigest {
    /// How many bytes of the SHA-256 the ledger keeps (migration 0010).
    public static let eventDigestLength = 16

    /// What the ledger keeps of an event's canonical text: the first ``eventDigestLength`` bytes
    /// of its SHA-256 (PostgreSQL: `substring(sha256(…) FROM 1 FOR 16)`).
    /// - Complexity: O(n).
    public static func eventDigest(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        Array(sha256(bytes).prefix(eventDigestLength))
    }

    /// - Returns: the 32 bytes of the digest.
    /// - Complexity: O(n); one allocation for the hash context, one for the result.
    public static func sha256(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }
}

internal import Crypto

/// The digest the event ledger keeps of each event's canonical text: SHA-256 (FIPS 180-4), by
/// swift-crypto (BoringSSL's implementation on Linux). PostgreSQL's `sha256()` gives the same
/// bytes (migration 0004 computed the digests of existing rows with it).
///
/// ```swift
/// let digest = Array("abc".utf8).withUnsafeBufferPointer { LedgerDigest.sha256($0) }   // ba7816bf…
/// ```
public enum LedgerDigest {
    /// - Returns: the 32 bytes of the digest.
    /// - Complexity: O(n); one allocation for the hash context, one for the result.
    public static func sha256(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }
}

import ChatStore
import PostgresClient
import TestSupport
import Testing

/// The ledger's SHA-256 equals PostgreSQL's `sha256()` (migration 0004 computes the digests of
/// existing rows with it, so a re-sent event is recognised across the migration).
@Suite struct LedgerDigestTests {
    @Test func knownVectors() {
        func hex(_ text: String) -> String {
            Array(text.utf8).withUnsafeBufferPointer { LedgerDigest.sha256($0) }.map { String(format: "%02x", $0) }
                .joined()
        }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    /// The ledger keeps the first 16 bytes (migration 0010 cut the stored digests the same way).
    @Test func theEventDigestIsTheFirstSixteenBytes() {
        let digest = Array("abc".utf8).withUnsafeBufferPointer { LedgerDigest.eventDigest($0) }
        #expect(digest.map { String(format: "%02x", $0) }.joined() == "ba7816bf8f01cfea414140de5dae2223")
    }

    /// Every length from 0 to 200 bytes (one, two and more blocks, every padding boundary), with
    /// multi-byte characters, against the server's `sha256()`.
    @Test func everyPaddingBoundaryMatchesTheServer() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        var texts: [String] = []
        for length in 0...200 {
            texts.append(String(repeating: "x", count: length))
            if length >= 2 { texts.append("é" + String(repeating: "ß", count: (length - 2) / 2)) }
        }
        let rows = try connection.query(
            PostgresQuery(
                sql: "SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex') "
                    + "FROM unnest($1::text[]) WITH ORDINALITY AS u (t, n) ORDER BY n",
                binds: [texts.postgresBind]
            )
        )
        #expect(rows.count == texts.count)
        for (index, text) in texts.enumerated() {
            let mine = Array(text.utf8).withUnsafeBufferPointer { LedgerDigest.sha256($0) }
                .map { String(format: "%02x", $0) }.joined()
            #expect(mine == rows[index, 0], "\(text.utf8.count) bytes")
        }
    }
}

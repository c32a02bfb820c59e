import ChatStore
import Foundation
import PostgresClient
import TestSupport
import Testing

/// Each store failure a caller must tell apart arrives with its own code and one sentence.
@Suite struct StoreErrorTests {
    init() { TestLogging.bootstrap() }

    @Test func anIngestionWhileAnotherHoldsTheLockIsLockHeldNamingTheHolder() throws {
        let database = try TestServer.shared.makeDatabase()
        let holding = try database.connect()
        defer { holding.close() }
        try Ingester.identify(holding, as: "chatsla ingest (pid 4343)")
        _ = try Ingester(connection: holding)  // the lock is the session's: it stays until `holding` closes
        let waiting = try database.connect()
        defer { waiting.close() }
        let refusal = #expect(throws: StoreError.self) { try Ingester(connection: waiting) }
        #expect(refusal?.code == .lockHeld)
        #expect(refusal?.lockHolder?.isServer == false)
        #expect(refusal?.description.contains("held by chatsla ingest (pid 4343)") == true)
        #expect(refusal?.description.hasSuffix("; wait for it to finish") == true)
    }

    @Test func aDatabaseMissingAMigrationIsSchemaNotCurrentNamingIt() throws {
        let database = try TestServer.shared.makeDatabase()
        let connection = try database.connect()
        defer { connection.close() }
        let newest = try #require(try Migrator().migrations.last)
        try connection.query("DELETE FROM schema_migrations WHERE version = \(newest.version)")
        let refusal = #expect(throws: StoreError.self) { try Migrator().requireCurrent(connection) }
        #expect(refusal?.code == .schemaNotCurrent)
        #expect(refusal?.description.contains("(\(newest.name) is not applied); run chatsla migrate") == true)
    }

    @Test func aMissingQueryFileIsQueryFileUnreadableNamingItsPath() {
        let refusal = #expect(throws: StoreError.self) { try QueryFiles.text("extraction/no_such_file.sql") }
        #expect(refusal?.code == .queryFileUnreadable)
        #expect(refusal?.code != .queryMissing)
        #expect(refusal?.description.contains("extraction/no_such_file.sql") == true)
    }

    @Test func codesPrintAsStableIdentifiers() {
        #expect(StoreError.lockHeld(by: nil).code.description == "lock_held")
        #expect(StoreError.schemaNotCurrent(missing: "0009_x.sql").code.description == "schema_not_current")
        #expect(StoreError.invariantBroken("x").description.contains("this is a bug in chatsla"))
    }
}

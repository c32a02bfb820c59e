import ChatStore
import TestSupport
import Testing

@testable import Benchmarks

/// `chatsla bench ingest` at a tiny size: the measurement runs end to end on its throw-away schema.
/// Serialized: a process writes its generated events to one temporary file.
@Suite(.serialized) struct IngestBenchmarkTests {
    @Test func aFewHundredGeneratedEventsAreAllIngestedAndTheirMessagesCopied() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        let figures = try IngestBenchmark.measure(
            url: database.url,
            events: 300,
            batchSize: 100,
            seed: 3,
            runs: 1,
            showTimings: false
        )
        #expect(figures.events == 300)
        #expect(figures.summary.accepted == 300 && figures.summary.rejected == 0)
        #expect(figures.copyRows > 0 && figures.copyRows < 300)
        #expect(figures.ingestSeconds > 0 && figures.copySeconds > 0)
    }

    @Test func theThrowAwaySchemaIsGoneAfterTheMeasurement() throws {
        let database = try TestServer.shared.makeDatabase(migrated: false)
        _ = try IngestBenchmark.measure(
            url: database.url,
            events: 50,
            batchSize: 50,
            seed: 3,
            runs: 1,
            showTimings: false
        )
        let connection = try database.connect()
        defer { connection.close() }
        let rows = try connection.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'chatsla_bench_ingest'")
        #expect(try rows.decode(Int64.self, row: 0, column: 0) == 0)
    }
}

/// The schema names of `queries/bench/` (psql's `:"schema"`) become quoted identifiers.
@Suite struct SchemaQueriesTests {
    @Test func theSchemaVariableBecomesAQuotedIdentifier() throws {
        let queries = try NamedQueries("bench/month.sql")
        #expect(
            try queries("drop_schema", schema: "chatsla_bench_month_d5")
                == #"DROP SCHEMA IF EXISTS "chatsla_bench_month_d5" CASCADE"#
        )
        #expect(try queries("drop_schema", schema: #"a"b"#) == #"DROP SCHEMA IF EXISTS "a""b" CASCADE"#)
    }

    @Test func aSearchPathIsAddedToAURLWithOrWithoutAQuery() {
        #expect(url("postgres://h/db", searchPath: "s1") == "postgres://h/db?options=-csearch_path%3Ds1")
        #expect(url("postgres://h/db?user=u", searchPath: "s1") == "postgres://h/db?user=u&options=-csearch_path%3Ds1")
    }
}

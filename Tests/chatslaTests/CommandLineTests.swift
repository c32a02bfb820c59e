import ChatStore
import Foundation
import Logging
import TestSupport
import Testing

/// The command line as a new user meets it: exit codes, what goes to standard error, and what
/// is (not) started or written when something is wrong.
@Suite struct CommandLineTests {
    /// A generated, migrated and ingested database given by URL.
    private func ingestedDatabase(_ scratch: Scratch, dialogs: Int = 40) throws -> String {
        let url = try TestServer.shared.makeDatabase().url
        let generated = try scratch.chatsla(
            "generate",
            "--dialogs",
            "\(dialogs)",
            "--days",
            "3",
            "--out",
            "events.jsonl"
        )
        #expect(generated.status == 0, "\(generated.standardError)")
        let ingested = try scratch.chatsla("ingest", "--database-url", url, "events.jsonl")
        #expect(ingested.status == 0, "\(ingested.standardError)")
        return url
    }

    /// `chatsla report` of 2026-10-29 … 2026-10-31 as of the next midnight, into `out`, with `options`.
    private func runReport(_ scratch: Scratch, _ url: String, _ options: String...) throws -> CommandRun {
        let arguments =
            ["report", "--database-url", url, "--from", "2026-10-29", "--to", "2026-10-31"]
            + ["--as-of", "2026-11-01T00:00:00Z", "--out", "out"] + options
        return try CommandRun.chatsla(arguments, home: scratch.home, in: scratch.folder)
    }

    @Test func anUnknownChannelIsExitTwoNamingItAndListingTheKnownIds() throws {
        let scratch = try Scratch()
        let url = try ingestedDatabase(scratch)
        let run = try runReport(scratch, url, "--channel", "nope")
        #expect(run.status == 2)
        #expect(run.standardError.contains("no channel nope"))
        #expect(run.standardError.contains("ch1, ch2"))
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.folder + "/out"))
    }

    @Test func aKnownChannelStillWritesItsReport() throws {
        let scratch = try Scratch()
        let url = try ingestedDatabase(scratch)
        let run = try runReport(scratch, url, "--channel", "ch1", "--currency", "EUR")
        #expect(run.status == 0, "\(run.standardError)")
        let page = try String(contentsOfFile: scratch.folder + "/out/index.html", encoding: .utf8)
        #expect(page.contains("<dt>Compared with</dt><dd>2026-10-26 – 2026-10-28"))
        #expect(page.contains("<dt>Currency</dt><dd>EUR</dd>"))
        let csv = try String(contentsOfFile: scratch.folder + "/out/managers.csv", encoding: .utf8)
        #expect(!csv.contains("EUR"))
    }

    @Test func compareNoneLeavesThePreviousPeriodOut() throws {
        let scratch = try Scratch()
        let url = try ingestedDatabase(scratch)
        let run = try runReport(scratch, url, "--compare", "none")
        #expect(run.status == 0, "\(run.standardError)")
        let page = try String(contentsOfFile: scratch.folder + "/out/index.html", encoding: .utf8)
        #expect(!page.contains("Compared with"))
        #expect(!page.contains("class=\"change"))
    }

    @Test func aCurrencyThatIsNotISO4217IsExitTwo() throws {
        let scratch = try Scratch()
        let run = try scratch.chatsla("report", "--from", "2026-10-29", "--to", "2026-10-31", "--currency", "euro")
        #expect(run.status == 2)
        #expect(run.standardError.contains("--currency euro is not an ISO 4217 currency code"))
        #expect(!FileManager.default.fileExists(atPath: scratch.home))
    }

    @Test func aPeriodValueThatDoesNotParseIsExitTwoNamingTheOption() throws {
        let scratch = try Scratch()
        for (option, value) in [("--from", "2026-13-01"), ("--tz", "Mars/Olympus"), ("--as-of", "2026-11-01T00:00")] {
            var arguments = ["report", "--from", "2026-10-29", "--to", "2026-10-31"]
            arguments += [option, value]
            let run = try CommandRun.chatsla(arguments, home: scratch.home, in: scratch.folder)
            #expect(run.status == 2)
            #expect(run.standardError.contains("'\(value)' is invalid for '\(option) "), "\(run.standardError)")
            #expect(run.standardError.split(separator: "\n").count == 1)
        }
        let reversed = try scratch.chatsla("report", "--from", "2026-10-31", "--to", "2026-10-29")
        #expect(reversed.status == 2)
        #expect(reversed.standardError.contains("--from 2026-10-31 is after --to 2026-10-29"))
        #expect(!FileManager.default.fileExists(atPath: scratch.home))
    }

    @Test func ingestWithoutRejectsShowsTheFirstTenRejectedLinesAndAHint() throws {
        let scratch = try Scratch()
        let url = try TestServer.shared.makeDatabase().url
        let lines = (1...12).map { #"{"id":"bad-\#($0)","type":"no.such_type","at":"2026-10-01T00:00:00Z"}"# }
        _ = try scratch.write("bad.jsonl", lines.joined(separator: "\n") + "\n")
        let run = try scratch.chatsla("ingest", "--database-url", url, "bad.jsonl")
        #expect(run.status == 3)
        #expect(run.standardOutput.contains("rejected 12"))
        #expect(run.standardError.contains("the first 10 rejected lines:"))
        #expect(run.standardError.contains("bad.jsonl:1: invalid_event: "))
        #expect(run.standardError.contains("bad.jsonl:10: invalid_event: "))
        #expect(!run.standardError.contains("bad.jsonl:11:"))
        #expect(run.standardError.contains("add --rejects FILE"))

        let kept = try scratch.chatsla("ingest", "--database-url", url, "bad.jsonl", "--rejects", "rejects.jsonl")
        #expect(kept.status == 3)
        #expect(kept.standardError.contains("every rejected line is in rejects.jsonl"))
        #expect(!kept.standardError.contains("bad.jsonl:1:"))
    }

    @Test func ingestOfAMissingFileFailsBeforeStartingTheEmbeddedDatabase() throws {
        let scratch = try Scratch()
        let run = try scratch.chatsla("ingest", "missing.jsonl")
        #expect(run.status == 1)
        #expect(
            run.standardError
                == "chatsla: cannot open missing.jsonl: No such file or directory; give a file of events\n"
        )
        #expect(!FileManager.default.fileExists(atPath: scratch.home))
    }

    @Test func aDatabaseGivenByURLWithoutTheSchemaSaysToRunMigrate() throws {
        let scratch = try Scratch()
        let url = try TestServer.shared.makeDatabase(migrated: false).url
        _ = try scratch.write(
            "one.jsonl",
            #"{"id":"e1","type":"store.upserted","at":"2026-10-01T00:00:00Z","store":"s1","name":"Main"}"# + "\n"
        )
        let run = try scratch.chatsla("ingest", "--database-url", url, "one.jsonl")
        #expect(run.status == 1)
        #expect(run.standardError.contains("is not applied); run chatsla migrate with the same --database-url"))
        #expect(!run.standardError.contains("run the same command again"))
        #expect(try scratch.chatsla("migrate", "--database-url", url).status == 0)
        #expect(try scratch.chatsla("ingest", "--database-url", url, "one.jsonl").standardOutput.contains("accepted 1"))
    }

    @Test func anOutFolderThatCannotBeWrittenFailsBeforeTheDatabaseStarts() throws {
        let scratch = try Scratch()
        _ = try scratch.write("taken", "a file\n")
        let run = try scratch.chatsla("report", "--from", "2026-10-25", "--to", "2026-10-31", "--out", "taken/report")
        #expect(run.status == 1)
        #expect(
            run.standardError
                == "chatsla: --out taken/report cannot be written: \(scratch.folder)/taken is a file, not a folder; "
                + "choose another --out\n"
        )
        #expect(!FileManager.default.fileExists(atPath: scratch.home))
        let generate = try scratch.chatsla("generate", "--dialogs", "1", "--out", "taken/events.jsonl")
        #expect(generate.status == 1)
        #expect(generate.standardError.hasPrefix("chatsla: cannot write taken/events.jsonl: Not a directory; "))
    }

    @Test func aFileNamedLogInTheHomeIsOneSentenceNamingItAndWhatToDo() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.home, withIntermediateDirectories: true)
        _ = try scratch.write("home/log", "not a folder\n")
        let run = try scratch.chatsla("db", "start")
        #expect(run.status == 1)
        #expect(
            run.standardError
                == "chatsla: \(scratch.home)/log is a file where the embedded database needs a folder; move that "
                + "file away or set CHATSLA_HOME to another folder\n"
        )
    }

    @Test func generatedIdsDifferPerSeed() throws {
        let scratch = try Scratch()
        for seed in ["1", "2"] {
            #expect(
                try scratch.chatsla(
                    "generate",
                    "--dialogs",
                    "5",
                    "--days",
                    "1",
                    "--seed",
                    seed,
                    "--out",
                    "\(seed).jsonl"
                ).status == 0
            )
        }
        func ids(_ name: String) throws -> Set<String> {
            let text = try String(contentsOfFile: scratch.folder + "/" + name, encoding: .utf8)
            return Set(
                text.split(separator: "\n").compactMap { line in
                    line.range(of: #""id":""#).map { String(line[$0.upperBound...].prefix { $0 != "\"" }) }
                }
            )
        }
        let first = try ids("1.jsonl")
        let second = try ids("2.jsonl")
        #expect(first.contains("s1-e1"))
        #expect(second.contains("s2-e1"))
        #expect(first.isDisjoint(with: second))
        let url = try TestServer.shared.makeDatabase().url
        _ = try scratch.chatsla("ingest", "--database-url", url, "1.jsonl", "2.jsonl", "--rejects", "rejects.jsonl")
        let rejects = try String(contentsOfFile: scratch.folder + "/rejects.jsonl", encoding: .utf8)
        #expect(!rejects.contains("conflicting_duplicate"))
    }

    /// The README's first command, on a fresh home: the embedded database is created and
    /// migrated on first use, every step says how long it took, and the end says the database
    /// still runs and how to stop it.
    @Test func demoOnAFreshHomeTimesEachStepAndSaysHowToStopTheDatabase() throws {
        let scratch = try Scratch()
        let run = try scratch.chatsla("demo", "--dialogs", "150")
        #expect(run.status == 0, "\(run.standardError)")
        for step in [
            "database ready in ", "generated and ingested 150 dialogs in ", "report computed in ", "report written in ",
        ] {
            #expect(run.standardError.contains(step), "missing: \(step)")
        }
        #expect(run.standardOutput.contains("/reports/2026-10-25_2026-10-31/index.html"))
        #expect(run.standardOutput.contains("The embedded database is still running"))
        #expect(run.standardOutput.contains("chatsla db stop"))
        // The embedded database migrated itself: ingest on the same home needs no migrate.
        _ = try scratch.write(
            "one.jsonl",
            #"{"id":"x1","type":"store.upserted","at":"2026-10-01T00:00:00Z","store":"s9","name":"Nine"}"# + "\n"
        )
        #expect(try scratch.chatsla("ingest", "one.jsonl").standardOutput.contains("accepted 1"))
        #expect(try scratch.chatsla("db", "stop").status == 0)
    }

    @Test func ingestOnAFreshEmbeddedHomeMigratesItself() throws {
        let scratch = try Scratch()
        _ = try scratch.write(
            "one.jsonl",
            #"{"id":"x1","type":"store.upserted","at":"2026-10-01T00:00:00Z","store":"s9","name":"Nine"}"# + "\n"
        )
        let run = try scratch.chatsla("ingest", "one.jsonl")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("accepted 1, duplicate 0, rejected 0"))
        #expect(try scratch.chatsla("db", "stop").status == 0)
    }

    /// The lock is refused after its 5 s wait: one line naming the holder, exit 1, nothing ingested.
    @Test func anIngestWhileAnotherHoldsTheLockSaysWhoAndToRunItAgain() throws {
        let scratch = try Scratch()
        let database = try TestServer.shared.makeDatabase()
        let holding = try database.connect()
        defer { holding.close() }
        try Ingester.identify(holding, as: "chatsla ingest (pid 4343)")
        _ = try Ingester(connection: holding, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try scratch.write(
            "one.jsonl",
            #"{"id":"x1","type":"store.upserted","at":"2026-10-01T00:00:00Z","store":"s9","name":"Nine"}"# + "\n"
        )
        let run = try scratch.chatsla("ingest", "--database-url", database.url, "one.jsonl")
        #expect(run.status == 1)
        #expect(
            run.standardError.hasPrefix("chatsla: the database's ingestion lock is held by chatsla ingest (pid 4343)")
        )
        #expect(run.standardError.hasSuffix("; wait for it to finish, then run this again\n"))
        #expect(run.standardError.split(separator: "\n").count == 1)
    }
}

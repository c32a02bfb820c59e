import Foundation
import PostgresClient
import TestSupport
import Testing

@Suite struct ConnectionFailureTests {
    @Test func aRefusedTCPConnectionNamesItsTarget() throws {
        // Port 1 has no listener: the kernel refuses at once; the timeout only bounds a surprise.
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://chatsla@127.0.0.1:1/x", connectTimeoutSeconds: 5)
        }
        #expect(error.kind == .connection)
        #expect(error.target?.contains("host=127.0.0.1") == true)
        #expect(error.target?.contains("port=1") == true)
        #expect(error.description.contains("127.0.0.1"))
        #expect(error.description.lowercased().contains("refused"))
    }

    @Test func aSocketFolderWithoutAServerNamesTheFolder() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatsla-no-server-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql:///x?host=\(folder)&user=chatsla", connectTimeoutSeconds: 5)
        }
        #expect(error.kind == .connection)
        #expect(error.target?.contains("host=\(folder)") == true)
        #expect(error.description.contains(folder))
        #expect(error.description.contains("No such file or directory"))
    }

    @Test func aMalformedURLIsAConnectionErrorNotACrash() throws {
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://[::1/x", connectTimeoutSeconds: 5)
        }
        #expect(error.kind == .connection)
        #expect(!error.message.isEmpty)
    }
}

/// Issue 16: every failure is one sentence naming what is wrong and what to do; the advice to run
/// the same command again only where that is the fix.
@Suite struct FailureSentenceTests {
    @Test func libpqsMultiLineTextIsFoldedIntoOneSentence() {
        let text = """
            FATAL:  terminating connection due to administrator command
            server closed the connection unexpectedly
            \tThis probably means the server terminated abnormally
            \tbefore or while processing the request.

            """
        #expect(
            PostgresError.oneSentence(text)
                == "terminating connection due to administrator command; server closed the connection unexpectedly; "
                + "this probably means the server terminated abnormally before or while processing the request"
        )
    }

    @Test func textThatIsNotAURLIsSaidToBeNone() throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: "not a url") }
        #expect(
            error.description
                == #"the database URL "not a url" is not a PostgreSQL URL; write it as postgresql://user@host:5432/database or postgresql:///database?host=/socket/folder"#
        )
        #expect(!error.rerunHelps)
        #expect(PostgresConnection.isConnectionString("host=/tmp dbname=x"))
        #expect(PostgresConnection.isConnectionString("postgres://h/x"))
    }

    @Test func aMissingDatabaseOrRoleSaysWhatToCreateOrCorrect() throws {
        let server = try TestServer.shared
        let database = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: server.cluster.url(database: "no_such_database"))
        }
        #expect(!database.description.contains("\n"))
        #expect(!database.description.contains("FATAL"))
        #expect(
            database.description.hasSuffix(
                #"database "no_such_database" does not exist; create that database (createdb) or correct its name in the URL"#
            )
        )
        #expect(!database.rerunHelps)
        let role = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: server.cluster.url + "&user=no_such_role")
        }
        #expect(
            role.description.hasSuffix(
                #"role "no_such_role" does not exist; create that role or correct the user in the URL"#
            )
        )
        #expect(!role.rerunHelps)
    }

    @Test func aRefusedConnectionSaysToStartTheServerNotToRunAgain() throws {
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://chatsla@127.0.0.1:1/x", connectTimeoutSeconds: 5)
        }
        #expect(!error.description.contains("\n"))
        #expect(
            error.description.hasSuffix(
                "Connection refused; no server is listening there; start PostgreSQL (chatsla db start for the embedded one) or correct the URL"
            )
        )
        #expect(!error.rerunHelps)
    }

    @Test func aWrongPasswordSaysToCheckIt() {
        let error = PostgresError(
            kind: .connection,
            message:
                "connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user \"chatsla\"\n",
            target: "host=db port=5432 dbname=chatsla user=chatsla"
        )
        #expect(
            error.description
                == #"cannot connect to PostgreSQL at host=db port=5432 dbname=chatsla user=chatsla: connection to server at "db" (10.0.0.5), port 5432 failed: password authentication failed for user "chatsla"; check the user and password in the URL"#
        )
        #expect(!error.rerunHelps)
    }

    @Test func aConnectionLostMidRunIsOneSentenceAndARerunHelps() throws {
        let server = try TestServer.shared
        let database = try server.makeDatabase(migrated: false)
        let victim = try database.connect()
        defer { victim.close() }
        let pid = try victim.query("SELECT pg_backend_pid()").decode(Int.self, row: 0, column: 0)
        let admin = try database.connect()
        defer { admin.close() }
        try admin.query(PostgresQuery(sql: "SELECT pg_terminate_backend($1)", binds: [pid.postgresBind]))
        let error = try #require(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(error.kind == .connectionLost)
        #expect(!error.description.contains("\n"))
        #expect(error.description.hasPrefix("the connection to PostgreSQL was lost: terminating connection"))
        #expect(error.rerunHelps)
    }
}

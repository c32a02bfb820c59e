import Foundation
import PostgresClient
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

import ArgumentParser
import ChatStore
import Dispatch
import Foundation
import IngestServer
import Logging

/// `chatsla serve`: HTTP ingestion for messenger and CRM webhooks.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive chat events by HTTP (webhooks) and apply them exactly as chatsla ingest does.",
        discussion: """
            POST /v1/events takes JSON Lines (application/x-ndjson) or a JSON array of events with \
            "Authorization: Bearer <token>", and answers once they are committed: {"accepted", "duplicate", \
            "rejected", "results": [{"line", "id", "outcome", "code", "message"}]}. 401 without the token, 413 \
            over --max-body, 503 with Retry-After while the database is unreachable or the queue is full \
            (nothing of the request was kept: send it again, event ids make it harmless). GET /healthz needs no \
            token; GET /metrics (Prometheus text) needs it. SIGTERM or SIGINT: stop accepting, finish and commit \
            the requests in hand, exit 0. While it runs, serve holds the database's ingestion lock: a \
            chatsla ingest started meanwhile fails at once, naming it.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address and port to listen on (HOST:PORT; port 0 picks a free one).")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "File holding the bearer token; it must be readable by its owner only (chmod 600).")
    var tokenFile: String

    @Option(help: "Largest request body, in bytes (suffixes KiB, MiB accepted); larger ones are answered 413.")
    var maxBody: String = "16MiB"

    @Option(help: "Lines waiting for the ingester beyond which requests are answered 503 with Retry-After.")
    var queueLines: Int = 200_000

    @Option(help: "Lines committed together at most (group commit of requests that arrive together).")
    var groupLines: Int = 20_000

    func validate() throws {
        guard (try? Self.parseListen(listen)) != nil else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080 (got \(listen))")
        }
        guard let bytes = Self.parseSize(maxBody), bytes > 0 else {
            throw ValidationError(
                "--max-body must be a positive size in bytes, e.g. 16777216 or 16MiB (got \(maxBody))"
            )
        }
        guard queueLines > 0 else { throw ValidationError("--queue-lines must be positive") }
        guard groupLines > 0 else { throw ValidationError("--group-lines must be positive") }
    }

    func run() throws {
        let logger = Logger(label: "chatsla.serve")
        let address: (host: String, port: Int)
        var configuration: IngestServerConfiguration
        do {
            address = try Self.parseListen(listen)
            let token = try TokenFile.read(tokenFile)
            configuration = IngestServerConfiguration(databaseURL: try database.resolveURL(), token: token)
        } catch {
            throw fail("\(error)")
        }
        configuration.host = address.host
        configuration.port = address.port
        configuration.maxBodyBytes = Self.parseSize(maxBody) ?? configuration.maxBodyBytes
        configuration.queueLines = queueLines
        configuration.groupLines = groupLines
        configuration.sessionName = "chatsla serve on \(listen) (pid \(getpid()))"
        let server = IngestServer(configuration: configuration, logger: logger)
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run(gracefulShutdownSignals: [.sigterm, .sigint]) { port in
                    FileHandle.standardError.write(
                        Data("chatsla: serving on http://\(Self.hostForURL(address.host)):\(port)\n".utf8)
                    )
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw fail("the server stopped: \(error)") }
    }

    /// `HOST:PORT` with an optional `[…]` around an IPv6 host.
    static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("bad --listen") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("bad --listen") }
        return (host, port)
    }

    /// Bytes from `16777216`, `16MiB`, `512KiB`, `16M`, `512K`.
    static func parseSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("MiB", 1 << 20), ("KiB", 1 << 10), ("M", 1 << 20), ("K", 1 << 10)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            return Int(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Int(text)
    }

    static func hostForURL(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}

/// The server's error, handed from its task to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}

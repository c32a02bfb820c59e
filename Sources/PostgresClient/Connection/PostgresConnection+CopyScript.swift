internal import CLibPQ

extension PostgresConnection {
    /// What ``execute(script:copying:onResult:)`` reports as the script runs.
    public enum ScriptEvent: Sendable {
        /// The server waits for the data of the script's COPY number `index` (from 0).
        case copyStarted(index: Int)
        /// A statement finished (a COPY's data included).
        case statementDone
    }

    /// Runs several statements in ONE query message, feeding each `COPY … FROM STDIN` of the
    /// script the next element of `copying`.
    ///
    /// ```swift
    /// try connection.execute(
    ///     script: "BEGIN; COPY a FROM STDIN; COPY b FROM STDIN; UPDATE t SET n = n + 1; COMMIT",
    ///     copying: [rowsOfA, rowsOfB]
    /// )
    /// ```
    /// Statements without a COPY do not wait for each other: the script costs one round trip
    /// plus one per COPY, against two per COPY and one per statement when each is sent alone.
    /// A statement that fails ends the script (the server skips the rest): a script that opened
    /// a transaction must be followed by a `ROLLBACK` then.
    ///
    /// - Parameters:
    ///   - script: statements separated by semicolons, without parameters.
    ///   - copying: the text- or binary-format data of each COPY FROM STDIN, in script order.
    ///   - onResult: called as the script advances (for statement timings).
    /// - Throws: `PostgresError`: the first statement's failure; `.protocolViolation` when the
    ///   script holds more or fewer COPY FROM STDIN than `copying`, or a COPY TO STDOUT.
    /// - Complexity: O(bytes of the data); 1 + `copying.count` round trips.
    public func execute(
        script: String,
        copying: [[UInt8]],
        onResult: (ScriptEvent) -> Void = { _ in }
    ) throws {
        try checkOpen()
        guard PQsendQuery(handle, script) == 1 else { throw lostConnection(statement: script) }
        var next = 0
        var failure: PostgresError?
        while let result = nextResult() {
            switch result.status {
            case PGRES_COPY_IN:
                guard failure == nil, next < copying.count else {
                    failure =
                        failure
                        ?? PostgresError(
                            kind: .protocolViolation,
                            message: "the script holds more COPY FROM STDIN statements than data was given for",
                            statement: script
                        )
                    _ = PQputCopyEnd(handle, "no data for this COPY")
                    continue
                }
                onResult(.copyStarted(index: next))
                if let error = send(copying[next]) {
                    failure = error
                    _ = PQputCopyEnd(handle, "aborted by the client")
                } else if PQputCopyEnd(handle, nil) != 1 {
                    failure = lostConnection(statement: script)
                }
                next += 1
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                onResult(.statementDone)
            case PGRES_COPY_OUT:
                var pointer: UnsafeMutablePointer<CChar>?
                while PQgetCopyData(handle, &pointer, 0) > 0 {
                    PQfreemem(pointer)
                    pointer = nil
                }
                failure =
                    failure
                    ?? PostgresError(
                        kind: .protocolViolation,
                        message: "a COPY TO STDOUT was run in a script with data to copy in",
                        statement: script
                    )
            default:
                if failure == nil { failure = self.failure(result, statement: script) }
            }
        }
        if let failure { throw failure }
        if PQstatus(handle) == CONNECTION_BAD { throw lostConnection(statement: script) }
        guard next == copying.count else {
            throw PostgresError(
                kind: .protocolViolation,
                message: "the script holds \(next) COPY FROM STDIN statements; data was given for \(copying.count)",
                statement: script
            )
        }
    }

    /// Hands `bytes` to libpq in chunks of ``CopyInWriter/chunkSize``.
    private func send(_ bytes: [UInt8]) -> PostgresError? {
        var start = 0
        while start < bytes.count {
            let end = min(start + CopyInWriter.chunkSize, bytes.count)
            let sent = bytes.withUnsafeBufferPointer { all in
                UnsafeBufferPointer(rebasing: all[start..<end]).withMemoryRebound(to: CChar.self) { chars in
                    PQputCopyData(handle, chars.baseAddress, Int32(chars.count))
                }
            }
            guard sent == 1 else { return lostConnection(statement: nil) }
            start = end
        }
        return nil
    }
}

internal import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` and streams what `body` writes into it.
    ///
    /// ```swift
    /// try connection.copyIn("COPY t (id, name) FROM STDIN (FORMAT binary)") { writer in
    ///     var row = BinaryCopyEncoder(writer: &writer) ...
    /// }
    /// ```
    /// Bytes are buffered and sent in chunks of `CopyInWriter.chunkSize`; when `body` throws,
    /// the COPY is aborted (nothing of it stays) and the error is rethrown.
    ///
    /// - Returns: the number of rows the server stored.
    /// - Throws: `PostgresError` from the server (bad data, constraint), or what `body` threw.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (inout CopyInWriter) throws -> Void) throws -> Int {
        try startCopy(sql, expecting: PGRES_COPY_IN, otherwise: "not a COPY FROM STDIN statement")
        var writer = CopyInWriter(connection: self)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(handle, "aborted by the client")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            drainResults()
            throw lostConnection(statement: sql)
        }
        return try finishCopy(statement: sql)
    }

    /// Runs a COPY statement and checks that the server entered the COPY state `expected`.
    ///
    /// - Throws: the server's error, or a `.protocolViolation` saying `otherwise` for a statement
    ///   that is not the expected COPY.
    func startCopy(_ sql: String, expecting expected: ExecStatusType, otherwise misuse: String) throws {
        let start = try execute(PostgresQuery(sql: sql))
        guard start.status == expected else {
            if start.status == PGRES_FATAL_ERROR { throw failure(start, statement: sql) }
            throw PostgresError(kind: .protocolViolation, message: misuse, statement: sql)
        }
    }

    /// Reads the results that close a COPY; the last one says whether it worked.
    func finishCopy(statement: String) throws -> Int {
        var rows = 0
        var firstFailure: PostgresError?
        while let result = nextResult() {
            if result.status == PGRES_COMMAND_OK {
                rows = result.affectedRows
            } else if firstFailure == nil {
                firstFailure = failure(result, statement: statement)
            }
        }
        if let firstFailure { throw firstFailure }
        if PQstatus(handle) == CONNECTION_BAD { throw lostConnection(statement: statement) }
        return rows
    }

    /// Reads and frees every result still pending on the connection.
    func drainResults() {
        while nextResult() != nil {}
    }
}

/// Buffers the bytes of a `COPY FROM STDIN` and hands them to libpq in large chunks.
public struct CopyInWriter: ~Copyable {
    /// Bytes gathered before one `PQputCopyData` call.
    public static let chunkSize = 1 << 18
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends raw bytes (text-format lines or binary-format tuples).
    public mutating func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Appends the UTF-8 of a string.
    public mutating func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Gives the encoder direct access to the buffer (no intermediate arrays).
    public mutating func withBuffer<R>(_ body: (inout [UInt8]) throws -> R) throws -> R {
        let value = try body(&buffer)
        if buffer.count >= Self.chunkSize { try flush() }
        return value
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                PQputCopyData(connection.handle, chars.baseAddress, Int32(chars.count))
            }
        }
        guard sent == 1 else { throw connection.lostConnection(statement: nil) }
        buffer.removeAll(keepingCapacity: true)
    }
}

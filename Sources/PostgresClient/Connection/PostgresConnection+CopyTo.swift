internal import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … TO STDOUT` and hands each row's bytes to `body` as libpq delivers them.
    ///
    /// Rows are never collected: memory stays at one row whatever the result's size. In binary
    /// format the first row carries the file header and the last "row" is the trailer; the
    /// typed `copyOutBinary` and `copyOutText` handle that.
    ///
    /// - Returns: the number of rows the server sent.
    /// - Throws: `PostgresError` (`.connectionLost` when the server goes away mid-stream, the
    ///   server's error otherwise), or what `body` threw (after the stream is drained).
    @discardableResult
    public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try startCopy(sql, expecting: PGRES_COPY_OUT, otherwise: "not a COPY TO STDOUT statement")
        var bodyError: (any Error)?
        while true {
            var pointer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &pointer, 0)
            if length > 0, let pointer {
                if bodyError == nil {
                    do {
                        try body(UnsafeRawBufferPointer(start: pointer, count: Int(length)))
                    } catch {
                        // Keep reading to the end so the connection stays usable.
                        bodyError = error
                    }
                }
                PQfreemem(pointer)
            } else if length == -1 {
                break
            } else {
                drainResults()
                throw lostConnection(statement: sql)
            }
        }
        let rows = try finishCopy(statement: sql)
        if let bodyError { throw bodyError }
        return rows
    }

    /// Streams a `COPY … TO STDOUT (FORMAT binary)`, one decoded row at a time.
    ///
    /// - Complexity: O(bytes); no allocation per row beyond libpq's own buffer.
    @discardableResult
    public func copyOutBinary(_ sql: String, _ body: (inout BinaryCopyRow) throws -> Void) throws -> Int {
        var sawHeader = false
        return try copyOut(sql) { bytes in
            var payload = bytes
            if !sawHeader {
                payload = try BinaryCopyFormat.skipHeader(bytes)
                sawHeader = true
            }
            var row = try BinaryCopyRow(bytes: payload)
            guard !row.isTrailer else { return }
            try body(&row)
        }
    }

    /// Streams a `COPY … TO STDOUT` in text format, one row at a time.
    @discardableResult
    public func copyOutText(_ sql: String, _ body: (inout TextCopyRow) throws -> Void) throws -> Int {
        try copyOut(sql) { bytes in
            var row = TextCopyRow(bytes: bytes)
            try body(&row)
        }
    }
}

internal import CLibPQ

/// One libpq result (`PGresult`), freed when it goes out of scope.
///
/// Owning the pointer in a non-copyable value puts the single `PQclear` in `deinit`, so no
/// branch (an early `throw`, a `guard`) can leak a result or free one twice, as GRDB's
/// `Statement` owns its `sqlite3_stmt`.
///
/// ```swift
/// let result = try connection.execute(query)
/// guard result.status == PGRES_TUPLES_OK else { throw connection.failure(result, statement: query.sql) }
/// return PostgresRows(result: result)  // the rows own it now
/// ```
struct PostgresResult: ~Copyable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }

    var status: ExecStatusType { PQresultStatus(pointer) }

    /// The number of rows the statement touched (`INSERT`, `UPDATE`, `DELETE`, `COPY`), or 0.
    var affectedRows: Int {
        guard let text = PQcmdTuples(pointer) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// One field of the error report (`PG_DIAG_SQLSTATE`, …), `nil` when the server sent none.
    func errorField(_ code: Int32) -> String? {
        guard let text = PQresultErrorField(pointer, code) else { return nil }
        return String(cString: text)
    }
}

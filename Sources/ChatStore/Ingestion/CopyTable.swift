import ChatDomain
import PostgresClient

/// A table the ingester writes by COPY, described once: its columns in COPY order, each with
/// its SQL type and the field of a row value it holds.
///
/// ```swift
/// let bots = CopyTable<(key: Int64, name: String)>(
///     "tmp_bots",
///     .integer("bot_key") { $0.key },
///     .text("name") { $0.name }
/// )
/// bots.append((key: 1, name: "Helper"), to: &rows)   // "1\tHelper\n"
/// ```
/// The statement that writes it is `copy_<table>` in `queries/ingest/write.sql`, whose column
/// list must be this one (``IngestTables/check(_:)`` refuses to start otherwise); the types are
/// checked against the migrated schema by the tests. Adding a column is one line here (and the
/// column in the statement's list).
struct CopyTable<Row>: Sendable {
    /// The COPY target: a table, or a session temp table of `write.sql`'s `temp_tables`.
    let table: String
    let columns: [CopyColumn<Row>]
    /// Where a batch gathers this table's rows, for tables written by COPY alone.
    let slot: AppendTable?

    /// A table the batch writes through its temp table (merged by `merge_entities` / `merge_dependents`).
    init(_ table: String, _ columns: CopyColumn<Row>...) {
        self.table = table
        self.columns = columns
        slot = nil
    }

    /// A table the batch appends to.
    init(_ slot: AppendTable, _ columns: CopyColumn<Row>...) {
        table = slot.table
        self.columns = columns
        self.slot = slot
    }

    /// The name of its statement in `queries/ingest/write.sql`.
    var statement: String { "copy_" + table }

    /// Appends `row`'s fields, in column order, as one line of COPY text.
    ///
    /// - Complexity: O(columns + length of the fields); one indirect call per field, no lookup.
    func append(_ row: Row, to rows: inout CopyRows) {
        for column in columns {
            switch column.field {
            case .int(let value): rows.int(value(row))
            case .text(let value): rows.text(value(row))
            case .bool(let value): rows.bool(value(row))
            case .timestamp(let value): rows.timestamp(value(row))
            case .bytea(let value): rows.bytea(value(row))
            }
        }
        rows.endRow()
    }

    /// The columns' names and types, whatever the row value.
    var shape: CopyTableShape {
        CopyTableShape(table: table, columns: columns.map { ($0.name, $0.type) })
    }
}

/// A ``CopyTable`` without its row type: what the checks read.
struct CopyTableShape: Sendable {
    let table: String
    let columns: [(name: String, type: ColumnType)]

    /// The name of its statement in `queries/ingest/write.sql`.
    var statement: String { "copy_" + table }
    /// The statement's text as `write.sql` must spell it (up to runs of white space).
    var copyStatement: String {
        "COPY \(table) (\(columns.map(\.name).joined(separator: ", "))) FROM STDIN"
    }
}

/// A column's SQL type, as PostgreSQL's `format_type` spells it.
enum ColumnType: String, Sendable {
    case bigint, integer, smallint, text, boolean, bytea, jsonb
    case timestamptz = "timestamp with time zone"
    case money = "numeric(14,2)"
    case textArray = "text[]"
    case integerArray = "integer[]"
    case dateArray = "date[]"
}

/// One column of a ``CopyTable``: its name, its type and how a row value gives its field.
struct CopyColumn<Row>: Sendable {
    /// How the field is written in COPY's text format.
    enum Field: Sendable {
        case int(@Sendable (Row) -> Int64?)
        case text(@Sendable (Row) -> String?)
        case bool(@Sendable (Row) -> Bool?)
        case timestamp(@Sendable (Row) -> Int64?)
        case bytea(@Sendable (Row) -> [UInt8])
    }

    let name: String
    let type: ColumnType
    let field: Field

    static func bigint(_ name: String, _ value: @escaping @Sendable (Row) -> Int64?) -> Self {
        Self(name: name, type: .bigint, field: .int(value))
    }

    static func integer(_ name: String, _ value: @escaping @Sendable (Row) -> Int64?) -> Self {
        Self(name: name, type: .integer, field: .int(value))
    }

    static func smallint(_ name: String, _ value: @escaping @Sendable (Row) -> Int64?) -> Self {
        Self(name: name, type: .smallint, field: .int(value))
    }

    static func text(_ name: String, _ value: @escaping @Sendable (Row) -> String?) -> Self {
        Self(name: name, type: .text, field: .text(value))
    }

    static func boolean(_ name: String, _ value: @escaping @Sendable (Row) -> Bool?) -> Self {
        Self(name: name, type: .boolean, field: .bool(value))
    }

    /// An instant in microseconds since the Unix epoch.
    static func timestamptz(_ name: String, _ value: @escaping @Sendable (Row) -> Int64?) -> Self {
        Self(name: name, type: .timestamptz, field: .timestamp(value))
    }

    static func bytea(_ name: String, _ value: @escaping @Sendable (Row) -> [UInt8]) -> Self {
        Self(name: name, type: .bytea, field: .bytea(value))
    }

    /// JSON text, stored as `jsonb`.
    static func jsonb(_ name: String, _ value: @escaping @Sendable (Row) -> String?) -> Self {
        Self(name: name, type: .jsonb, field: .text(value))
    }

    /// An amount, stored as `numeric(14, 2)`.
    static func money(_ name: String, _ value: @escaping @Sendable (Row) -> Money) -> Self {
        Self(name: name, type: .money, field: .text { value($0).description })
    }

    static func textArray(_ name: String, _ value: @escaping @Sendable (Row) -> [String]) -> Self {
        Self(name: name, type: .textArray, field: .text { value($0).postgresBind.text })
    }

    static func integerArray(_ name: String, _ value: @escaping @Sendable (Row) -> [Int64]) -> Self {
        Self(
            name: name,
            type: .integerArray,
            field: .text { "{" + value($0).map { String($0) }.joined(separator: ",") + "}" }
        )
    }

    /// Dates as an array literal (`{2026-01-01,2026-05-01}`), or NULL.
    static func dateArray(_ name: String, _ value: @escaping @Sendable (Row) -> [String]?) -> Self {
        Self(name: name, type: .dateArray, field: .text { value($0).map { "{" + $0.joined(separator: ",") + "}" } })
    }
}

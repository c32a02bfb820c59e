import ChatStore
import Foundation

extension NamedQueries {
    /// The statement called `name` with psql's quoted-identifier variable `:"schema"` replaced by
    /// `schema`, quoted: the benchmarks' files name their schema as psql does (`\set schema
    /// chatsla_bench_month_d1000`), and an identifier is never spliced unquoted.
    func callAsFunction(_ name: String, schema: String) throws -> String {
        let quoted = "\"" + schema.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return try self(name).replacingOccurrences(of: #":"schema""#, with: quoted)
    }
}

/// `serverURL` (a `postgres://` URL) with `schema` first on the search path, for our client, psql
/// and the child runs.
func url(_ serverURL: String, searchPath schema: String) -> String {
    serverURL + (serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
}

/// What a CSV column holds, which decides whether its cells are neutralised against formula
/// injection.
///
/// Only ``text`` columns carry strings that come from the data (source ids, names). Every other
/// column holds a figure chatsla printed itself: counts, durations such as `-12.5`, money such as
/// `-3.00`, rates, dates, RFC 3339 timestamps, and fixed words (`warning`, `answered`). Those are
/// written as they are, so a negative figure stays a number for a spreadsheet; the kind is fixed
/// per column in ``ReportTable``, never guessed from a cell's content.
public enum CSVColumnKind: Sendable, Hashable {
    /// Text from the data: neutralised (see ``CSVDocument``).
    case text
    /// A figure or word produced by chatsla: written unchanged.
    case figure
}

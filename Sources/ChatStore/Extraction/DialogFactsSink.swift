/// Receives the dialogs replayed by ``DialogFactGroups/forEachDialog(part:of:into:)``: a dialog,
/// its facts in storage order (`at`, `seq`, then code), the end of that dialog, then the next.
///
/// The report's run assembles the engine's input from these calls; the store knows only the
/// rows. A conforming type is a concrete value, so the replay specialises for it: no boxing and
/// no allocation per row.
public protocol DialogFactsSink {
    /// A dialog begins: the facts that follow are its own, until ``endDialog()``.
    mutating func beginDialog(_ dialog: ExtractedDialog) throws
    /// One fact of the current dialog.
    mutating func add(_ fact: ExtractedFact) throws
    /// The current dialog has no more facts.
    mutating func endDialog() throws
}

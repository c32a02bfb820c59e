import ArgumentParser
import ChatStore

extension StoreError {
    /// The line `chatsla` prints for this failure: the store's sentence (what is wrong, what to
    /// do), plus what only a command run from a shell can do.
    ///
    /// A `chatsla serve` refused the lock retries by itself (answering 503 meanwhile), so only
    /// here is the user told to run the command again.
    var commandLineSentence: String {
        switch code {
        case .lockHeld: description + ", then run this again"
        default: description
        }
    }

    /// Every store failure exits 1: 2 is kept for a bad argument and 3 for rejected events
    /// (README, `chatsla ingest`), so scripts can tell those apart from a run that could not go on.
    var exitStatus: Int32 { 1 }
}

/// Prints an error the way every command does (one line on standard error) and gives the exit
/// status to leave with; a ``StoreError`` says its command-line sentence.
func fail(_ error: any Error) -> ExitCode {
    if let error = error as? StoreError { return fail(error.commandLineSentence, code: error.exitStatus) }
    return fail("\(error)")
}

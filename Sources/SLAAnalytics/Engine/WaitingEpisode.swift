/// The state of one waiting episode while its dialog's facts are walked in (at, seq) order.
///
/// Crossings are found lazily: before each fact at instant `a`, any level whose crossing
/// instant `clockStart + limit` lies strictly before `a` has crossed, while the state (the
/// responsible) is still that of the facts up to the crossing. A fact stamped exactly at the
/// crossing instant is applied first: a reply there is on time, a customer message there
/// restarts the clock (default policy), an assignment there takes the blame.
struct WaitingEpisode: Sendable {
    struct Crossing: Sendable, Hashable {
        var at: Int64
        var responsible: ResponsibleParty
    }

    let startAt: Int64
    let isFirstOfDialog: Bool
    let clockFromFirstMessage: Bool
    let botRepliesStopClock: Bool
    let limits: ReportConfiguration.Limits?
    private(set) var clockStart: Int64
    private(set) var warning: Crossing?
    private(set) var overdue: Crossing?
    /// The largest limit (µs) this episode reaches so far: a level with limit `L` is reached iff
    /// `L <= peakClock`. Independent of the limits, so one replay answers every candidate.
    private(set) var peakClock: Int64 = -1

    init(
        at: Int64,
        isFirstOfDialog: Bool,
        policy: ReportConfiguration.Policy,
        limits: ReportConfiguration.Limits?
    ) {
        startAt = at
        self.isFirstOfDialog = isFirstOfDialog
        clockFromFirstMessage = policy.clockStart == .firstUnanswered
        botRepliesStopClock = policy.botRepliesStopClock
        self.limits = limits
        clockStart = at
    }

    /// Records the crossings that happened before `instant` (strictly, or also at it when
    /// `inclusive`), attributing them to `responsible`.
    /// - Complexity: O(1).
    mutating func observe(until instant: Int64, inclusive: Bool, responsible: ResponsibleParty) {
        // A crossing needs clockStart + L < instant (or <= when inclusive), i.e. L <= this value.
        peakClock = max(peakClock, instant - clockStart - (inclusive ? 0 : 1))
        guard let limits else { return }
        func crossed(_ limit: Int64) -> Crossing? {
            let at = clockStart + limit
            return at < instant || (inclusive && at == instant) ? Crossing(at: at, responsible: responsible) : nil
        }
        if warning == nil, let limit = limits.warning { warning = crossed(limit) }
        if overdue == nil { overdue = crossed(limits.processing) }
    }

    /// A further customer message joins the episode; with the default policy the clock restarts.
    mutating func customerMessage(at instant: Int64) {
        if !clockFromFirstMessage { clockStart = instant }
    }
}

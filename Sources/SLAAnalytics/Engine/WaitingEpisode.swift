/// The state of one waiting episode while its dialog's facts are walked in (at, seq) order.
///
/// Crossings are found lazily: before each fact at instant `a`, any level whose crossing
/// instant `clockStart + limit` lies strictly before `a` has crossed, while the state (the
/// responsible) is still that of the facts up to the crossing. A fact stamped exactly at the
/// crossing instant is applied first: a reply there is on time, a customer message there
/// restarts the clock (default policy), an assignment there takes the blame.
///
/// With business hours in effect **[ext]**, the clock reads working time: the crossing of a
/// limit `L` is the instant at which the working time since `clockStart` reaches `L` (found by a
/// binary search in the schedule's ``WorkingCalendar``); without, it is `clockStart + L`.
///
/// Besides the limits in effect, an episode may carry alternative limits (`chatsla tune`): the
/// clock does not depend on the limits, so one walk finds the crossings of every candidate,
/// each exactly as a walk under that candidate alone would.
struct WaitingEpisode: Sendable {
    struct Crossing: Sendable, Hashable {
        var at: Int64
        var responsible: ResponsibleParty
    }

    /// The crossings of one set of limits.
    struct Levels: Sendable {
        let limits: ReportConfiguration.Limits?
        private(set) var warning: Crossing?
        private(set) var overdue: Crossing?

        init(limits: ReportConfiguration.Limits?) {
            self.limits = limits
        }

        /// Records the levels crossed before `instant` (or at it when `inclusive`) by a clock
        /// started at `clockStart` (at `startWork` on the working calendar, when there is one).
        /// - Complexity: O(1) without business hours, O(log n) with them.
        mutating func observe(
            clockStart: Int64,
            startWork: Int64,
            calendar: WorkingCalendar?,
            until instant: Int64,
            inclusive: Bool,
            responsible: ResponsibleParty
        ) {
            guard let limits else { return }
            func crossed(_ limit: Int64) -> Crossing? {
                let at = calendar?.instant(reaching: startWork + limit) ?? clockStart + limit
                return at < instant || (inclusive && at == instant) ? Crossing(at: at, responsible: responsible) : nil
            }
            if warning == nil, let limit = limits.warning { warning = crossed(limit) }
            if overdue == nil { overdue = crossed(limits.processing) }
        }
    }

    let startAt: Int64
    let isFirstOfDialog: Bool
    let clockFromFirstMessage: Bool
    let botRepliesStopClock: Bool
    private(set) var clockStart: Int64
    /// The business hours' working calendar, `nil` when the clock runs round the clock.
    let calendar: WorkingCalendar?
    /// The working time at `clockStart` on `calendar` (0 without one).
    private(set) var startWork: Int64 = 0
    /// Under the limits in effect.
    private(set) var levels: Levels
    /// Under each alternative set of limits, in the accumulator's order (empty for a report).
    private(set) var alternatives: [Levels]
    /// The largest limit (µs) this episode reaches so far: a level with limit `L` is reached iff
    /// `L <= peakClock`. Independent of the limits, so one replay answers every candidate.
    private(set) var peakClock: Int64 = -1

    var limits: ReportConfiguration.Limits? { levels.limits }
    var warning: Crossing? { levels.warning }
    var overdue: Crossing? { levels.overdue }

    init(
        at: Int64,
        isFirstOfDialog: Bool,
        policy: ReportConfiguration.Policy,
        limits: ReportConfiguration.Limits?,
        alternativeLimits: [ReportConfiguration.Limits?] = [],
        calendar: WorkingCalendar? = nil
    ) {
        startAt = at
        self.isFirstOfDialog = isFirstOfDialog
        clockFromFirstMessage = policy.clockStart == .firstUnanswered
        botRepliesStopClock = policy.botRepliesStopClock
        levels = Levels(limits: limits)
        alternatives = alternativeLimits.map(Levels.init(limits:))
        clockStart = at
        self.calendar = calendar
        startWork = calendar?.cumulative(at: at) ?? 0
    }

    /// Records the crossings that happened before `instant` (strictly, or also at it when
    /// `inclusive`), attributing them to `responsible`.
    /// - Complexity: O(1 + alternatives).
    mutating func observe(until instant: Int64, inclusive: Bool, responsible: ResponsibleParty) {
        // A crossing needs clock(instant) >= L (or clock(instant - 1 µs) >= L when not
        // inclusive: the clock never decreases), i.e. L <= this value.
        let last = instant - (inclusive ? 0 : 1)
        let reading = calendar.map { $0.cumulative(at: last) - startWork } ?? last - clockStart
        peakClock = max(peakClock, last < clockStart ? last - clockStart : reading)
        levels.observe(
            clockStart: clockStart,
            startWork: startWork,
            calendar: calendar,
            until: instant,
            inclusive: inclusive,
            responsible: responsible
        )
        for index in alternatives.indices {
            alternatives[index].observe(
                clockStart: clockStart,
                startWork: startWork,
                calendar: calendar,
                until: instant,
                inclusive: inclusive,
                responsible: responsible
            )
        }
    }

    /// A further customer message joins the episode; with the default policy the clock restarts.
    mutating func customerMessage(at instant: Int64) {
        if !clockFromFirstMessage {
            clockStart = instant
            if let calendar { startWork = calendar.cumulative(at: instant) }
        }
    }
}

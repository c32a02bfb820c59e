/// The metrics engine: fed dialogs and orders one at a time, in any order, it keeps only what
/// the report needs (counts, duration samples, breach rows, per-user open-count deltas, the
/// conversion cohort) and produces an ``SLAReport``.
///
/// Two accumulators over disjoint sets of dialogs merge exactly: the merged report equals the
/// report of one accumulator fed everything. Orders are kept by key, so an order given to both
/// workers still counts once.
///
/// ```swift
/// var left = SLAAccumulator(configuration: configuration)
/// var right = SLAAccumulator(configuration: configuration)
/// for dialog in firstHalf { left.add(dialog) }
/// for dialog in secondHalf { right.add(dialog) }
/// for order in orders { left.add(order) }
/// left.merge(right)
/// let report = left.report()
/// ```
///
/// ## Readings of SPEC §2 and §5
/// Where the spec leaves room, the engine takes the most literal reading:
/// - A crossing is the first instant t *strictly before* an episode's end with
///   t − clock_start(t) ≥ limit, so a reply (or close) exactly at the limit is on time. Facts
///   stamped exactly at a crossing instant are applied before it: a customer message there
///   restarts the default clock, an assignment there takes the breach.
/// - An episode still open at `as_of` has crossed a level whose instant is at or before
///   `as_of` (inclusive: nothing later can make it on time). Its `wait_s` in `breaches.csv` is
///   `as_of` − first customer message; `ended_at` is empty.
/// - Limits and policies in effect at an episode's opening are those with
///   (`effectiveAt`, `seq`) at or before the opening message's (`at`, `seq`).
/// - Business hours **[ext]** are taken the same way (the channel's own, else the default's,
///   else none); under them the clock reads working time and a crossing is the instant working
///   time since `clock_start` reaches the limit (``WorkingCalendar``). `wait_s` and the response
///   and resolution times stay calendar time.
/// - Accepted privacy dialogs: customer messages before acceptance count as stamped at the
///   acceptance instant; earlier assignments only set the responsible; other earlier facts
///   count nowhere. A close while pending ends what came before it: only customer messages
///   ingested after the last such close wait from the acceptance, so a dialog still closed at
///   its acceptance has no episode (and no opening) until the customer writes again.
///   Internal dialogs and dialogs pending at `as_of` are in no figure at all,
///   workload included.
/// - Resolution takes one sample per dialog with a user or bot close in the period, from its
///   opening (which may precede the period) to its last such close in the period. Closing an
///   already closed dialog still counts as a close. A close by the system actor ends the
///   episode but is neither a resolution nor `auto_closed`, which counts closes by the
///   auto-close rule only (``DialogFact/Event/autoClose``).
/// - `dialogs_active` counts dialogs with at least one message of the user in the period,
///   failed ones included (as `messages_sent` does).
/// - `became_responsible` counts in-period assignments to the user from anyone else (another
///   user, a bot or nobody); `reassigned_away` counts in-period assignments from the user to
///   anyone else or nobody. Re-assigning the same responsible is neither.
/// - `peak_open_dialogs`: the open count carried into the period counts as of the period's
///   start; then the count after each of the user's in-period facts (facts of one `seq`
///   applied together). Open and closed follow what ingestion stored: a dialog opens at its
///   earliest customer message and, once closed, opens again only at a stored
///   ``DialogFact/Event/reopen`` (a late message before a close reopens at that close).
/// - `managers.csv` `orders` counts chat orders (with a dialog) the user created in the period,
///   cancelled included; `revenue` sums the totals of those not cancelled (as in `orders.csv`).
/// - `orders.csv`: the store is the one the dialog's channel is mapped to in the lookups, which
///   the store reads as of `as_of` (SPEC §2);
///   time to order uses the dialog's first order by (`createdAt`, `seq`), cancelled or not, and
///   may be negative if an order predates the opening (kept signed).
/// - `--channel`: see ``ReportParameters/channelFilter``.
/// - Keys missing from the lookups print as `#<key>`; dialogs of channels not in the lookups
///   are ignored. Each dialog must be fed exactly once across all merged accumulators.
public struct SLAAccumulator: Sendable {
    public let configuration: ReportConfiguration
    var channelTallies: [ChannelTally]
    var userTallies: [UserTally]
    /// At `dayIndex * channels.count + channelSlot`, one per day and channel of the period (an
    /// array, not a dictionary: every episode adds to it).
    var dailyTallies: [DailyTally]
    var breaches: [BreachRow] = []
    /// The cohort's dialogs, each once (every dialog is fed to exactly one accumulator).
    var cohort: [CohortDialog] = []
    var orders: [OrderKey: OrderRecord] = [:]
    /// Per alternative configuration: its crossings, found in the same walk.
    var alternatives: [AlternativeTally]

    public init(configuration: ReportConfiguration) {
        self.init(configuration: configuration, alternatives: [])
    }

    /// An accumulator that also counts, in the same walk of each dialog, the warning and overdue
    /// crossings under each of `alternatives` (`chatsla tune`): configurations derived from
    /// `configuration` with ``ReportConfiguration/proposing(_:clockStart:)`` that differ from it
    /// in their limits only. Each alternative's figures equal those of an accumulator built on it
    /// alone (``ReplayOutcome/outcomes(_:withSamples:)`` reads them).
    /// - Precondition: every alternative has `configuration`'s channels and clock policy.
    public init(configuration: ReportConfiguration, alternatives: [ReportConfiguration]) {
        for alternative in alternatives {
            precondition(
                alternative.clockStartOverride == configuration.clockStartOverride
                    && alternative.channels.count == configuration.channels.count
                    && alternative.parameters.asOf == configuration.parameters.asOf,
                "an alternative may change the limits only"
            )
        }
        self.configuration = configuration
        channelTallies = Array(repeating: ChannelTally(), count: configuration.channels.count)
        userTallies = Array(repeating: UserTally(), count: configuration.users.count)
        dailyTallies = Array(
            repeating: DailyTally(),
            count: configuration.calendar.days.count * configuration.channels.count
        )
        self.alternatives = alternatives.map(AlternativeTally.init(configuration:))
    }

    /// Adds an order. Orders not created from a chat, and orders created after `as_of`, are in no
    /// figure and are dropped here.
    /// - Complexity: amortized O(1).
    public mutating func add(_ order: OrderRecord) {
        guard order.dialog != nil, order.createdAt <= configuration.parameters.asOf else { return }
        orders[order.key] = order
    }

    /// Adds orders as `add(_:)` adds each, with the room for them all made
    /// first (the orders' table then grows once instead of rehashing at every doubling).
    /// - Complexity: O(orders).
    public mutating func add(contentsOf orders: [OrderRecord]) {
        self.orders.reserveCapacity(self.orders.count + orders.count)
        for order in orders { add(order) }
    }

    /// Folds in an accumulator built from the same configuration over other dialogs.
    /// - Complexity: O(size of `other`).
    public mutating func merge(_ other: SLAAccumulator) {
        var other = other
        merge(taking: &other)
    }

    /// Folds in `other` as ``merge(_:)`` does, emptying each of its tallies and row arrays as soon
    /// as it is folded in (`other` is left with no figures): when `other` holds the only reference
    /// to them, each is freed then, so that the merge holds one array twice at a time rather than
    /// the whole of `other`.
    /// - Complexity: O(size of `other`).
    public mutating func merge(taking other: inout SLAAccumulator) {
        for slot in channelTallies.indices where slot < other.channelTallies.count {
            channelTallies[slot].merge(other.channelTallies[slot])
            other.channelTallies[slot] = ChannelTally()
        }
        for slot in userTallies.indices where slot < other.userTallies.count {
            userTallies[slot].merge(other.userTallies[slot])
            other.userTallies[slot] = UserTally()
        }
        for index in dailyTallies.indices where index < other.dailyTallies.count {
            dailyTallies[index].merge(other.dailyTallies[index])
        }
        other.dailyTallies = []
        breaches += other.breaches
        other.breaches = []
        cohort += other.cohort
        other.cohort = []
        orders.merge(other.orders) { mine, _ in mine }
        other.orders = [:]
        for index in alternatives.indices where index < other.alternatives.count {
            alternatives[index].merge(other.alternatives[index])
            other.alternatives[index] = AlternativeTally(configuration: other.alternatives[index].configuration)
        }
    }

    /// Makes room for the breach rows of `facts` facts (one row per four facts; the generated
    /// month at 1M dialogs has one per eight: 1.22M rows of 9.85M facts), so that the rows array
    /// is not regrown, and its rows copied, each time it doubles; the rows of the other parts,
    /// merged into this one, then fit too when `facts` counts theirs. More rows than that only
    /// regrow the array, as before.
    ///
    /// A big block is mapped on its own (`chatsla report` maps blocks from 256 KiB), so the room
    /// no row uses is never touched and costs no memory; the regrowths copied every row once more
    /// into new pages (74k of the month's 593k page faults at 1M dialogs).
    /// - Complexity: O(1).
    public mutating func reserveBreachRows(forFacts facts: Int) {
        breaches.reserveCapacity(facts / 4)
    }

    /// Merges several accumulators at once, growing each row array once to its final size
    /// (merging one by one re-grows and re-copies the rows at every step).
    /// - Complexity: O(rows of `others`) plus the tallies' merges.
    public mutating func merge(contentsOf others: [SLAAccumulator]) {
        breaches.reserveCapacity(breaches.count + others.reduce(0) { $0 + $1.breaches.count })
        cohort.reserveCapacity(cohort.count + others.reduce(0) { $0 + $1.cohort.count })
        for index in alternatives.indices {
            let added = others.reduce(0) {
                $0 + (index < $1.alternatives.count ? $1.alternatives[index].breaches.count : 0)
            }
            alternatives[index].breaches.reserveCapacity(alternatives[index].breaches.count + added)
        }
        for other in others { merge(other) }
    }

    /// Sorts what the report sorts (breach rows in file order, duration samples, open-count
    /// deltas) now, the breach rows on one thread and the samples on another. Optional: a worker
    /// calls it before its accumulator is merged, so that the sorting runs on every worker's
    /// thread at once and the report's final sorts only merge already sorted runs. Changes no
    /// figure.
    /// - Complexity: O(n log n) over the rows and samples.
    public mutating func presort() {
        var rows: [BreachRow] = []
        swap(&rows, &breaches)
        var samples = Samples(channels: [], users: [], daily: [])
        swap(&samples.channels, &channelTallies)
        swap(&samples.users, &userTallies)
        swap(&samples.daily, &dailyTallies)
        (rows, samples) = ParallelPair.mutate(
            consume rows,
            consume samples,
            { CodePointOrder.sortBreaches(&$0) },
            { $0.sort() }
        )
        swap(&rows, &breaches)
        swap(&samples.channels, &channelTallies)
        swap(&samples.users, &userTallies)
        swap(&samples.daily, &dailyTallies)
    }

    /// The duration samples and open-count deltas, taken out to be sorted on their own thread.
    private struct Samples: Sendable {
        var channels: [ChannelTally]
        var users: [UserTally]
        var daily: [DailyTally]

        mutating func sort() {
            for slot in channels.indices {
                SampleSort.sort(&channels[slot].firstResponses)
                SampleSort.sort(&channels[slot].replies)
                SampleSort.sort(&channels[slot].resolutions)
                SampleSort.sort(&channels[slot].peakClocks)
            }
            for slot in users.indices {
                SampleSort.sort(&users[slot].replies)
                users[slot].openDeltas.sort(by: OpenDelta.precedes)
            }
            for index in daily.indices where !daily[index].replies.isEmpty {
                SampleSort.sort(&daily[index].replies)
            }
        }
    }
}

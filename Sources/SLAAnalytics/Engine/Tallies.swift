import ChatDomain

/// Per-channel counts and duration samples (µs), mergeable by addition and concatenation.
struct ChannelTally: Sendable, Hashable {
    var dialogs = 0
    var episodes = 0
    var answered = 0
    var closedUnanswered = 0
    var open = 0
    var reachedWarning = 0
    var reachedOverdue = 0
    var autoClosed = 0
    var firstResponses: [Int64] = []
    var replies: [Int64] = []
    var resolutions: [Int64] = []
    /// Per episode, ``WaitingEpisode/peakClock`` (µs), for tuning.
    var peakClocks: [Int64] = []

    mutating func merge(_ other: ChannelTally) {
        dialogs += other.dialogs
        episodes += other.episodes
        answered += other.answered
        closedUnanswered += other.closedUnanswered
        open += other.open
        reachedWarning += other.reachedWarning
        reachedOverdue += other.reachedOverdue
        autoClosed += other.autoClosed
        firstResponses += other.firstResponses
        replies += other.replies
        resolutions += other.resolutions
        peakClocks += other.peakClocks
    }
}

/// Per (local date, channel) episode figures.
struct DailyTally: Sendable, Hashable {
    var episodes = 0
    var reachedWarning = 0
    var reachedOverdue = 0
    var replies: [Int64] = []

    mutating func merge(_ other: DailyTally) {
        episodes += other.episodes
        reachedWarning += other.reachedWarning
        reachedOverdue += other.reachedOverdue
        replies += other.replies
    }
}

/// A change of the number of open dialogs a user is responsible for, at one stored fact.
struct OpenDelta: Sendable, Hashable {
    var at: Int64
    var seq: Int64
    var delta: Int32

    /// Stored-fact order: (`at`, `seq`).
    static func precedes(_ lhs: OpenDelta, _ rhs: OpenDelta) -> Bool {
        lhs.at != rhs.at ? lhs.at < rhs.at : lhs.seq < rhs.seq
    }
}

/// Per-user workload figures.
struct UserTally: Sendable, Hashable {
    var becameResponsible = 0
    var dialogsActive = 0
    var messagesSent = 0
    var replies: [Int64] = []
    var reachedWarning = 0
    var reachedOverdue = 0
    var reassignedAway = 0
    var dialogsClosed = 0
    /// Open dialogs it was responsible for when the period started (the sum of earlier deltas).
    var openAtPeriodStart = 0
    /// Deltas stamped inside the period (at or before `as_of`).
    var openDeltas: [OpenDelta] = []

    mutating func merge(_ other: UserTally) {
        becameResponsible += other.becameResponsible
        dialogsActive += other.dialogsActive
        messagesSent += other.messagesSent
        replies += other.replies
        reachedWarning += other.reachedWarning
        reachedOverdue += other.reachedOverdue
        reassignedAway += other.reassignedAway
        dialogsClosed += other.dialogsClosed
        openAtPeriodStart += other.openAtPeriodStart
        openDeltas += other.openDeltas
    }

    /// The peak of open dialogs within the period, counted after each stored fact.
    ///
    /// The count carried into the period counts as of the period's start. Deltas of one fact
    /// (same `at` and `seq`) are applied together before the count is taken.
    /// `deltasSorted` when ``openDeltas`` are already in ``OpenDelta/precedes(_:_:)`` order (read
    /// without a sorted copy).
    /// - Complexity: O(d log d) for d deltas, O(d) when sorted.
    func peakOpenDialogs(deltasSorted: Bool = false) -> Int {
        let deltas = deltasSorted ? openDeltas : openDeltas.sorted(by: OpenDelta.precedes)
        var count = openAtPeriodStart
        var peak = count
        var index = 0
        while index < deltas.count {
            let fact = deltas[index]
            while index < deltas.count, deltas[index].at == fact.at, deltas[index].seq == fact.seq {
                count += Int(deltas[index].delta)
                index += 1
            }
            peak = max(peak, count)
        }
        return peak
    }
}

/// A dialog of the conversion cohort: opened in the period, with its responsible at `as_of`.
struct CohortDialog: Sendable, Hashable {
    var dialog: DialogKey
    var channelSlot: Int
    var openedAt: Int64
    var responsible: ResponsibleParty
}

/// One alternative configuration's crossings (``SLAAccumulator/init(configuration:alternatives:)``):
/// per channel slot the episodes reaching each level, and the breach rows (unsorted).
struct AlternativeTally: Sendable {
    let configuration: ReportConfiguration
    var reachedWarning: [Int]
    var reachedOverdue: [Int]
    var breaches: [BreachRow] = []

    init(configuration: ReportConfiguration) {
        self.configuration = configuration
        reachedWarning = Array(repeating: 0, count: configuration.channels.count)
        reachedOverdue = Array(repeating: 0, count: configuration.channels.count)
    }

    mutating func merge(_ other: AlternativeTally) {
        for slot in reachedWarning.indices where slot < other.reachedWarning.count {
            reachedWarning[slot] += other.reachedWarning[slot]
            reachedOverdue[slot] += other.reachedOverdue[slot]
        }
        breaches += other.breaches
    }
}

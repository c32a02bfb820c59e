extension SLAAccumulator {
    /// Adds one dialog's history. Internal dialogs, dialogs still pending (privacy) at `as_of`,
    /// dialogs of channels unknown or filtered out, and facts after `as_of` are ignored.
    ///
    /// An accepted privacy dialog behaves as a new dialog from the acceptance instant: its
    /// earlier customer messages are taken as stamped at the acceptance instant (keeping their
    /// ingestion order), its earlier assignments only set who is responsible, and its other
    /// earlier facts (messages, closes and reopens while pending) count nowhere. A close while
    /// pending ends what came before it: only the customer messages ingested after the last
    /// such close (those that reopened the dialog, or came later) wait from the acceptance; a
    /// dialog still closed at its acceptance has no episode until the customer writes again.
    /// - Complexity: O(f) for f facts when they arrive sorted (O(f log f) otherwise), plus
    ///   O(log s) settings look-ups per episode; memory O(f) transiently, nothing retained but
    ///   figures.
    public mutating func add(_ dialog: DialogHistory) {
        guard dialog.kind == .customer, let channelSlot = configuration.channelIndex.slot(dialog.channel.rawValue),
            configuration.channelIncluded[channelSlot]
        else { return }
        let asOf = configuration.parameters.asOf
        var facts: [DialogFact]
        var initialResponsible = ResponsibleParty.nobody
        switch dialog.privacy {
        case .pending:
            return
        case .notGated:
            facts = dialog.facts
            if facts.contains(where: { $0.at > asOf }) { facts.removeAll { $0.at > asOf } }
        case .accepted(let acceptedAt):
            guard acceptedAt <= asOf else { return }
            let earlier = dialog.facts.filter { $0.at < acceptedAt }.sorted(by: DialogFact.precedes)
            // Ingestion's open/closed state follows ingestion order (seq): an automatic close
            // shares the seq of the event that materialised it and comes before that event.
            var lastCloseSeq = Int64.min
            for fact in earlier {
                switch fact.event {
                case .close, .autoClose: lastCloseSeq = max(lastCloseSeq, fact.seq)
                default: break
                }
            }
            facts = []
            for fact in earlier {
                switch fact.event {
                case .customerMessage where fact.seq >= lastCloseSeq:
                    facts.append(DialogFact(at: acceptedAt, seq: fact.seq, event: .customerMessage))
                case .assignment(let to, _):
                    initialResponsible = to
                default:
                    break
                }
            }
            facts += dialog.facts.filter { $0.at >= acceptedAt && $0.at <= asOf }
        }
        if !zip(facts, facts.dropFirst()).allSatisfy({ !DialogFact.precedes($1, $0) }) {
            facts.sort(by: DialogFact.precedes)
        }
        walk(facts, dialog: dialog, channelSlot: channelSlot, responsible: initialResponsible)
    }

    /// Replays one dialog's sorted facts: episodes, crossings, workload and open counts.
    private mutating func walk(
        _ facts: [DialogFact],
        dialog: DialogHistory,
        channelSlot: Int,
        responsible initialResponsible: ResponsibleParty
    ) {
        let calendar = configuration.calendar
        let asOf = configuration.parameters.asOf
        var responsible = initialResponsible
        var isOpen = false
        var openedAt: Int64?
        var episode: WaitingEpisode?
        var activeUsers: [Int] = []
        var closingUsers: [Int] = []
        var lastCloseInPeriod: Int64?
        var autoClosedInPeriod = false

        for fact in facts {
            episode?.observe(until: fact.at, inclusive: false, responsible: responsible)
            let inPeriod = calendar.contains(fact.at)
            switch fact.event {
            case .customerMessage:
                // The dialog opens at its earliest customer message; later ones reopen it only
                // through the `.reopen` that ingestion stored (a late message before a close
                // reopens at that close, not at its own instant).
                if openedAt == nil, !isOpen {
                    isOpen = true
                    recordOpenChange(of: responsible, by: 1, at: fact)
                }
                if episode != nil {
                    episode?.customerMessage(at: fact.at)
                } else {
                    episode = WaitingEpisode(
                        at: fact.at,
                        isFirstOfDialog: openedAt == nil,
                        policy: configuration.policy(at: fact.at, seq: fact.seq),
                        limits: configuration.limits(channelSlot: channelSlot, at: fact.at, seq: fact.seq),
                        alternativeLimits: alternatives.map {
                            $0.configuration.limits(channelSlot: channelSlot, at: fact.at, seq: fact.seq)
                        },
                        calendar: configuration.workingCalendar(channelSlot: channelSlot, at: fact.at, seq: fact.seq)
                    )
                }
                if openedAt == nil { openedAt = fact.at }
            case .userMessage(let user, let failed):
                if inPeriod, let slot = configuration.knownUserSlot(user) {
                    userTallies[slot].messagesSent += 1
                    if !activeUsers.contains(slot) { activeUsers.append(slot) }
                }
                if !failed, let current = episode {
                    finish(current, .answered, at: fact.at, by: .user(user), dialog: dialog, channelSlot: channelSlot)
                    episode = nil
                }
            case .botMessage(let bot, let failed):
                if !failed, let current = episode, current.botRepliesStopClock {
                    finish(current, .answered, at: fact.at, by: .bot(bot), dialog: dialog, channelSlot: channelSlot)
                    episode = nil
                }
            case .assignment(let to, _):
                guard to != responsible else { break }
                if inPeriod {
                    if let user = to.user, let slot = configuration.knownUserSlot(user) {
                        userTallies[slot].becameResponsible += 1
                    }
                    if let user = responsible.user, let slot = configuration.knownUserSlot(user) {
                        userTallies[slot].reassignedAway += 1
                    }
                }
                if isOpen {
                    recordOpenChange(of: responsible, by: -1, at: fact)
                    recordOpenChange(of: to, by: 1, at: fact)
                }
                responsible = to
            case .close, .autoClose:
                if let current = episode {
                    finish(current, .closedUnanswered, at: fact.at, by: nil, dialog: dialog, channelSlot: channelSlot)
                    episode = nil
                }
                if inPeriod {
                    switch fact.event {
                    case .close(.user(let user)):
                        lastCloseInPeriod = fact.at
                        if let slot = configuration.knownUserSlot(user), !closingUsers.contains(slot) {
                            closingUsers.append(slot)
                        }
                    case .close(.bot):
                        lastCloseInPeriod = fact.at
                    case .autoClose:
                        autoClosedInPeriod = true
                    default:
                        // A close by the system actor: resolution counts closes "by a user or
                        // bot", and it is not the auto-close rule either.
                        break
                    }
                }
                if isOpen {
                    isOpen = false
                    recordOpenChange(of: responsible, by: -1, at: fact)
                }
            case .reopen:
                if !isOpen {
                    isOpen = true
                    recordOpenChange(of: responsible, by: 1, at: fact)
                }
            }
        }
        if var current = episode {
            // Still open at as_of: a crossing at or before as_of has happened.
            current.observe(until: asOf, inclusive: true, responsible: responsible)
            finish(current, .open, at: asOf, by: nil, dialog: dialog, channelSlot: channelSlot)
        }

        for slot in activeUsers { userTallies[slot].dialogsActive += 1 }
        for slot in closingUsers { userTallies[slot].dialogsClosed += 1 }
        if autoClosedInPeriod { channelTallies[channelSlot].autoClosed += 1 }
        guard let openedAt else { return }
        if let lastCloseInPeriod {
            channelTallies[channelSlot].resolutions.append(lastCloseInPeriod - openedAt)
        }
        if calendar.contains(openedAt) {
            channelTallies[channelSlot].dialogs += 1
            cohort.append(
                CohortDialog(dialog: dialog.key, channelSlot: channelSlot, openedAt: openedAt, responsible: responsible)
            )
        }
    }

    /// Counts a change of the open dialogs `responsible` holds, when it is a known user.
    private mutating func recordOpenChange(of responsible: ResponsibleParty, by delta: Int32, at fact: DialogFact) {
        guard let user = responsible.user, let slot = configuration.knownUserSlot(user) else { return }
        let calendar = configuration.calendar
        if fact.at < calendar.periodStart {
            userTallies[slot].openAtPeriodStart += Int(delta)
        } else if fact.at < calendar.periodEnd {
            userTallies[slot].openDeltas.append(OpenDelta(at: fact.at, seq: fact.seq, delta: delta))
        }
    }

    /// Records an ended (or still open) episode in every figure of its period.
    private mutating func finish(
        _ episode: WaitingEpisode,
        _ outcome: EpisodeOutcome,
        at end: Int64,
        by replier: ResponsibleParty?,
        dialog: DialogHistory,
        channelSlot: Int
    ) {
        let calendar = configuration.calendar
        guard let day = calendar.dayIndex(episode.startAt) else { return }
        let wait = end - episode.startAt
        let dailyKey = day * configuration.channels.count + channelSlot
        channelTallies[channelSlot].episodes += 1
        channelTallies[channelSlot].peakClocks.append(episode.peakClock)
        dailyTallies[dailyKey].episodes += 1
        switch outcome {
        case .answered:
            channelTallies[channelSlot].answered += 1
            channelTallies[channelSlot].replies.append(wait)
            dailyTallies[dailyKey].replies.append(wait)
            if episode.isFirstOfDialog { channelTallies[channelSlot].firstResponses.append(wait) }
            if let user = replier?.user, let slot = configuration.knownUserSlot(user) {
                userTallies[slot].replies.append(wait)
            }
        case .closedUnanswered:
            channelTallies[channelSlot].closedUnanswered += 1
        case .open:
            channelTallies[channelSlot].open += 1
        }
        if let warning = episode.warning {
            channelTallies[channelSlot].reachedWarning += 1
            dailyTallies[dailyKey].reachedWarning += 1
            if let user = warning.responsible.user, let slot = configuration.knownUserSlot(user) {
                userTallies[slot].reachedWarning += 1
            }
        }
        if let overdue = episode.overdue {
            channelTallies[channelSlot].reachedOverdue += 1
            dailyTallies[dailyKey].reachedOverdue += 1
            if let user = overdue.responsible.user, let slot = configuration.knownUserSlot(user) {
                userTallies[slot].reachedOverdue += 1
            }
        }
        let dialogText = dialog.sourceID
        if let row = breachRow(episode, episode.levels, outcome, end: end, dialog: dialogText, channelSlot: channelSlot)
        {
            breaches.append(row)
        }
        for index in alternatives.indices {
            let levels = episode.alternatives[index]
            if levels.warning != nil { alternatives[index].reachedWarning[channelSlot] += 1 }
            if levels.overdue != nil { alternatives[index].reachedOverdue[channelSlot] += 1 }
            if let row = breachRow(episode, levels, outcome, end: end, dialog: dialogText, channelSlot: channelSlot) {
                alternatives[index].breaches.append(row)
            }
        }
    }

    /// The `breaches.csv` row of an episode that reached a level under `levels`, at its highest.
    private func breachRow(
        _ episode: WaitingEpisode,
        _ levels: WaitingEpisode.Levels,
        _ outcome: EpisodeOutcome,
        end: Int64,
        dialog: String,
        channelSlot: Int
    ) -> BreachRow? {
        let highest = levels.overdue.map { (BreachLevel.overdue, $0) } ?? levels.warning.map { (.warning, $0) }
        guard let (level, crossing) = highest else { return nil }
        let calendar = configuration.calendar
        func stamp(_ instant: Int64) -> ReportTimestamp {
            ReportTimestamp(instant: instant, utcOffsetSeconds: calendar.utcOffsetSeconds(at: instant))
        }
        return BreachRow(
            dialog: dialog,
            channel: configuration.channels[channelSlot].sourceID,
            level: level,
            episodeStartedAt: stamp(episode.startAt),
            crossedAt: stamp(crossing.at),
            endedAt: outcome == .open ? nil : stamp(end),
            outcome: outcome,
            wait: TenthsOfSecond(roundingMicroseconds: end - episode.startAt),
            responsibleAtCrossing: configuration.text(of: crossing.responsible)
        )
    }
}

import ChatDomain

extension SLAAccumulator {
    /// The report's five tables, each sorted by its cells as code-point strings.
    ///
    /// Duration samples are sorted here once; the accumulator is left unchanged, so a report can
    /// be taken, more dialogs added, and another taken.
    /// - Complexity: O(n log n) over the samples and rows.
    public func report() -> SLAReport {
        var rows = breaches
        CodePointOrder.sortBreaches(&rows)
        return report(sortedBreaches: rows, samplesSorted: false)
    }

    /// The same report, built in place (at 10M messages, about 2M breach rows and 10M samples):
    /// the accumulator is used up. Rows and samples are sorted where they are (the breach rows on
    /// one thread, the samples on another; after ``presort()`` and ``merge(taking:)`` each is two
    /// sorted runs merged in one pass), and the tables read them without copies.
    public consuming func finalReport() -> SLAReport {
        presort()
        var rows: [BreachRow] = []
        swap(&rows, &breaches)
        return report(sortedBreaches: rows, samplesSorted: true)
    }

    /// The five tables over breach rows already in file order; the duration samples and
    /// open-count deltas are sorted copies unless `samplesSorted`.
    private func report(sortedBreaches: consuming [BreachRow], samplesSorted: Bool) -> SLAReport {
        SLAReport(
            channels: CodePointOrder.sorted(channelRows(samplesSorted), cells: \.cells),
            breaches: sortedBreaches,
            managers: CodePointOrder.sorted(managerRows(samplesSorted), cells: \.cells),
            orders: CodePointOrder.sorted(conversionRows(), cells: \.cells),
            daily: CodePointOrder.sorted(dailyRows(samplesSorted), cells: \.cells),
            waitSamples: waitSamples(samplesSorted)
        )
    }

    /// Per included channel, in channel-row order: sorted answered waits and peak clocks.
    private func waitSamples(_ samplesSorted: Bool) -> [ChannelWaitSamples] {
        let rows = configuration.channels.indices.compactMap { slot -> ChannelWaitSamples? in
            guard configuration.channelIncluded[slot] else { return nil }
            let tally = channelTallies[slot]
            return ChannelWaitSamples(
                channel: configuration.channels[slot].sourceID,
                episodes: tally.episodes,
                answeredWaits: samplesSorted ? tally.replies : tally.replies.sorted(),
                peakClocks: samplesSorted ? tally.peakClocks : tally.peakClocks.sorted()
            )
        }
        return CodePointOrder.sorted(rows, cells: { [$0.channel] })
    }

    private func channelRows(_ samplesSorted: Bool) -> [ChannelRow] {
        configuration.channels.indices.compactMap { slot in
            guard configuration.channelIncluded[slot] else { return nil }
            let tally = channelTallies[slot]
            let firstResponses = samplesSorted ? tally.firstResponses : tally.firstResponses.sorted()
            let replies = samplesSorted ? tally.replies : tally.replies.sorted()
            let resolutions = samplesSorted ? tally.resolutions : tally.resolutions.sorted()
            let limits = configuration.reportedLimits(channelSlot: slot)
            return ChannelRow(
                channel: configuration.channels[slot].sourceID,
                dialogs: tally.dialogs,
                episodes: tally.episodes,
                answered: tally.answered,
                closedUnanswered: tally.closedUnanswered,
                open: tally.open,
                firstResponseMedian: PercentileCont.median(of: firstResponses),
                firstResponseP90: PercentileCont.p90(of: firstResponses),
                replyMedian: PercentileCont.median(of: replies),
                replyP90: PercentileCont.p90(of: replies),
                reachedWarning: tally.reachedWarning,
                reachedOverdue: tally.reachedOverdue,
                warningRate: Rate(Int64(tally.reachedWarning), over: Int64(tally.episodes)),
                overdueRate: Rate(Int64(tally.reachedOverdue), over: Int64(tally.episodes)),
                resolutionMedian: PercentileCont.median(of: resolutions),
                autoClosed: tally.autoClosed,
                warningSeconds: limits?.warning.map { $0 / 1_000_000 },
                processingSeconds: limits.map { $0.processing / 1_000_000 }
            )
        }
    }

    private func dailyRows(_ samplesSorted: Bool) -> [DailyRow] {
        let channelCount = configuration.channels.count
        // Pairs with at least one episode: every tally an episode reached.
        return dailyTallies.enumerated().compactMap { key, tally in
            guard tally.episodes > 0 else { return nil }
            let replies = samplesSorted ? tally.replies : tally.replies.sorted()
            return DailyRow(
                date: configuration.calendar.days[key / channelCount],
                channel: configuration.channels[key % channelCount].sourceID,
                episodes: tally.episodes,
                replyMedian: PercentileCont.median(of: replies),
                replyP90: PercentileCont.p90(of: replies),
                reachedWarning: tally.reachedWarning,
                reachedOverdue: tally.reachedOverdue
            )
        }
    }

    /// Whether an order passes the channel filter (an order whose channel is unknown passes only
    /// without a filter).
    private func passesChannelFilter(_ order: OrderRecord) -> Bool {
        guard configuration.parameters.channelFilter != nil else { return true }
        guard let channel = order.channel, let slot = configuration.channelIndex.slot(channel.rawValue) else {
            return false
        }
        return configuration.channelIncluded[slot]
    }

    private func managerRows(_ samplesSorted: Bool) -> [ManagerRow] {
        var createdOrders = [Int](repeating: 0, count: configuration.users.count)
        var createdRevenue = [Money](repeating: .zero, count: configuration.users.count)
        for order in orders.values {
            guard configuration.calendar.contains(order.createdAt), let user = order.createdBy,
                let slot = configuration.knownUserSlot(user), passesChannelFilter(order)
            else { continue }
            createdOrders[slot] += 1
            if !order.isCancelled { createdRevenue[slot] += order.total }
        }
        return configuration.users.indices.compactMap { slot in
            guard configuration.userKnown[slot] else { return nil }
            let tally = userTallies[slot]
            let replies = samplesSorted ? tally.replies : tally.replies.sorted()
            return ManagerRow(
                user: configuration.users[slot].sourceID,
                name: configuration.users[slot].name,
                becameResponsible: tally.becameResponsible,
                dialogsActive: tally.dialogsActive,
                messagesSent: tally.messagesSent,
                episodesAnswered: replies.count,
                replyMedian: PercentileCont.median(of: replies),
                replyP90: PercentileCont.p90(of: replies),
                reachedWarning: tally.reachedWarning,
                reachedOverdue: tally.reachedOverdue,
                reassignedAway: tally.reassignedAway,
                dialogsClosed: tally.dialogsClosed,
                peakOpenDialogs: tally.peakOpenDialogs(deltasSorted: samplesSorted),
                orders: createdOrders[slot],
                revenue: createdRevenue[slot]
            )
        }
    }

    private struct ConversionGroup: Hashable {
        var channelSlot: Int
        var responsible: ResponsibleParty
    }

    private struct ConversionTally {
        var dialogs = 0
        var converted = 0
        var orders = 0
        var notCancelled: Int64 = 0
        var revenue = Money.zero
        var paid = Money.zero
        var timesToOrder: [Int64] = []

        /// Counts one cohort dialog opened at `openedAt` with the orders created from it.
        mutating func add(openedAt: Int64, dialogOrders: [OrderRecord]) {
            dialogs += 1
            let first = dialogOrders.min {
                $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.seq < $1.seq
            }
            if let first {
                converted += 1
                timesToOrder.append(first.createdAt - openedAt)
            }
            for order in dialogOrders {
                orders += 1
                guard !order.isCancelled else { continue }
                notCancelled += 1
                revenue += order.total
                paid += order.paidAmount
            }
        }
    }

    private func conversionRows() -> [OrderConversionRow] {
        var ordersByDialog: [DialogKey: [OrderRecord]] = [:]
        ordersByDialog.reserveCapacity(orders.count)
        for order in orders.values {
            if let dialog = order.dialog { ordersByDialog[dialog, default: []].append(order) }
        }
        var groups: [ConversionGroup: ConversionTally] = [:]
        for dialog in cohort {
            // Counted in place: a tally copied out of the dictionary and stored back would copy
            // its samples at every append.
            groups[ConversionGroup(channelSlot: dialog.channelSlot, responsible: dialog.responsible), default: .init()]
                .add(openedAt: dialog.openedAt, dialogOrders: ordersByDialog[dialog.dialog] ?? [])
        }
        return groups.map { group, tally in
            let channel = configuration.channels[group.channelSlot]
            let store = configuration.storeIndex.slot(channel.store.rawValue).map { configuration.stores[$0].sourceID }
            return OrderConversionRow(
                channel: channel.sourceID,
                store: store ?? "#\(channel.store.rawValue)",
                user: configuration.text(of: group.responsible),
                dialogs: tally.dialogs,
                convertedDialogs: tally.converted,
                conversionRate: Rate(Int64(tally.converted), over: Int64(tally.dialogs)),
                orders: tally.orders,
                revenue: tally.revenue,
                paidRevenue: tally.paid,
                averageOrderValue: tally.revenue.divided(by: tally.notCancelled),
                timeToOrderMedian: PercentileCont.median(of: tally.timesToOrder.sorted())
            )
        }
    }
}

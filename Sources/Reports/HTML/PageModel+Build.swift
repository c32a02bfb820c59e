import SLAAnalytics

extension PageModel {
    /// How many breaches the page lists per channel, worst (longest wait) first.
    static let worstBreachesPerChannel = 5

    /// Formats everything the page shows from the report's typed rows.
    /// - Complexity: O(rows · log rows + days).
    init(report: SLAReport, metadata: ReportMetadata) {
        let names = PageNames(metadata: metadata)
        // Money cells and tiles stay numbers (their headings carry the currency); sentences name it.
        let money = MoneyText(currency: nil)
        let moneyInText = MoneyText(currency: metadata.currency)
        let previous = metadata.previous
        title = metadata.title
        from = metadata.from.description
        to = metadata.to.description
        timeZone = metadata.timeZoneIdentifier
        asOf = DisplayFormat.timestamp(metadata.asOf)
        lastEventAt = DisplayFormat.timestamp(metadata.watermark.lastEventAt)
        eventCount = DisplayFormat.count(metadata.watermark.eventCount)
        hasGeneratedAt = metadata.generatedAt != nil
        generatedAt = DisplayFormat.timestamp(metadata.generatedAt)
        hasChannelFilter = metadata.channelFilter != nil
        channelFilter = metadata.channelFilter?.map { names.channel($0).name }.joined(separator: ", ") ?? ""
        hasPreviousPeriod = previous != nil
        previousPeriod = previous.map { "\($0.from) – \($0.to)" } ?? ""
        hasCurrency = metadata.currency != nil
        currency = metadata.currency ?? ""
        clockStart = metadata.clockStart.rawValue
        clockStartMeaning =
            switch metadata.clockStart {
            case .lastCustomerMessage: "the clock restarts at each customer message"
            case .firstUnanswered: "the clock runs from the first unanswered customer message"
            }
        botRepliesStopClock =
            metadata.botRepliesStopClock
            ? "on: a bot reply stops the clock" : "off: only a user's reply stops the clock"

        limits = report.channels.map { row in
            LimitLine(
                limitChannel: names.channel(row.channel),
                warningLimit: DisplayFormat.limit(row.warningSeconds),
                processingLimit: DisplayFormat.limit(row.processingSeconds),
                businessHours: metadata.businessHours[row.channel] ?? "round the clock"
            )
        }
        hasLimits = !limits.isEmpty
        usesBusinessHours = metadata.usesBusinessHours
        let previousChannels = Dictionary(
            (previous?.report.channels ?? []).map { ($0.channel, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        channels = report.channels.map { row in
            Self.channelLine(
                row,
                name: names.channel(row.channel),
                previous: previous == nil ? nil : .some(previousChannels[row.channel])
            )
        }
        hasChannels = !channels.isEmpty
        levelsNote = Self.levelsNote(report)
        let limitsByChannel = Dictionary(
            report.channels.map { ($0.channel, ($0.warningSeconds, $0.processingSeconds)) },
            uniquingKeysWith: { first, _ in first }
        )
        waitCharts = report.waitSamples.filter { $0.episodes > 0 }.map { samples in
            let limits = limitsByChannel[samples.channel]
            return WaitShareChart(
                samples: samples,
                name: names.channel(samples.channel).name,
                warningSeconds: limits?.0 ?? nil,
                processingSeconds: limits?.1 ?? nil
            )
        }
        hasWaitCharts = !waitCharts.isEmpty

        let dayTotals = Self.dayTotals(report.daily, from: metadata.from, to: metadata.to)
        chart = DailyTrendChart(days: dayTotals)
        days = dayTotals.map { day in
            DayLine(
                day: day.label,
                dayEpisodes: DisplayFormat.count(day.episodes),
                dayWarning: DisplayFormat.count(day.warning),
                dayOverdue: DisplayFormat.count(day.overdue),
                dayWarningShare: DisplayFormat.percent(Rate(Int64(day.warning), over: Int64(day.episodes)))
            )
        }
        hasDays = !report.daily.isEmpty

        let (active, inactive) = Self.managersByActivity(report.managers)
        managers = active.map { Self.managerLine($0, money: money) }
        hasManagers = !report.managers.isEmpty
        hasActiveManagers = !managers.isEmpty
        managerTotal = Self.managerTotal(active, money: money)
        inactiveManagers = inactive.map { Named(name: $0.name.isEmpty ? $0.user : $0.name, id: $0.user, showsID: true) }
        hasInactiveManagers = !inactive.isEmpty
        inactiveCount = DisplayFormat.count(inactive.count)
        let cohortRevenue = report.orders.reduce(0) { $0 + $1.revenue.cents }
        let managersRevenue = report.managers.reduce(0) { $0 + $1.revenue.cents }
        revenueNote =
            "Orders and revenue here are the chat orders each user created in the period, in any dialog "
            + "(\(moneyInText.text(cents: managersRevenue)) in all). The “Chat revenue” figure at the top "
            + "(\(moneyInText.text(cents: cohortRevenue))) counts instead the orders of the dialogs opened in the period, "
            + "created up to the “as of” instant by anyone: the two totals answer different questions and "
            + "need not agree."

        conversions = report.orders.map { Self.conversionLine($0, names: names, money: money) }
        hasConversions = !conversions.isEmpty
        conversionRowCount = DisplayFormat.count(conversions.count)
        conversionTotal = Self.conversionSummary(
            report.orders,
            group: Named(name: "All", id: "", showsID: false),
            money: money
        )
        conversionByChannel = Self.grouped(report.orders, by: \.channel).map {
            Self.conversionSummary($0.rows, group: names.channel($0.key), money: money)
        }
        conversionByResponsible = Self.grouped(report.orders, by: \.user)
            .map { (names.responsible($0.key), $0.rows) }
            .sorted { NaturalOrder.precedes($0.0.name, $1.0.name, thenBy: $0.0.id, $1.0.id) }
            .map { Self.conversionSummary($1, group: $0, money: money) }

        breachGroups = Self.breachGroups(report.breaches, names: names)
        hasBreaches = !report.breaches.isEmpty
        breachSummary = Self.breachSummary(report)

        keyFigures = Self.keyFigures(report, previous: previous, money: money, currency: metadata.currency)
    }

    /// The `limit` longest waits, longest first (ties: dialog by code points, then crossing).
    /// - Complexity: O(n · limit) at worst, O(n) in practice; no copy of the rows.
    static func worstBreaches(_ rows: [BreachRow], limit: Int) -> [BreachRow] {
        var worst: [BreachRow] = []
        for row in rows { keepIfWorst(row, in: &worst, limit: limit) }
        return worst
    }

    /// Puts `row` in its place in `worst` (longest wait first, at most `limit` rows) when it is
    /// worse than the last one kept; a row equal to a kept one goes after it.
    private static func keepIfWorst(_ row: BreachRow, in worst: inout [BreachRow], limit: Int) {
        func worse(_ lhs: BreachRow, _ rhs: BreachRow) -> Bool {
            if lhs.wait != rhs.wait { return lhs.wait > rhs.wait }
            if lhs.dialog != rhs.dialog {
                return lhs.dialog.unicodeScalars.lexicographicallyPrecedes(rhs.dialog.unicodeScalars)
            }
            return lhs.crossedAt.instant < rhs.crossedAt.instant
        }
        guard limit > 0 else { return }
        if worst.count == limit {
            guard worse(row, worst[limit - 1]) else { return }
            worst.removeLast()
        }
        let position = worst.firstIndex { worse(row, $0) } ?? worst.count
        worst.insert(row, at: position)
    }

    /// Rows grouped by a key, groups in the key's code-point order (as the CSV rows).
    private static func grouped<Row>(_ rows: [Row], by key: (Row) -> String) -> [(key: String, rows: [Row])] {
        var groups: [String: [Row]] = [:]
        for row in rows { groups[key(row), default: []].append(row) }
        return groups.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            .map { (key: $0.key, rows: $0.value) }
    }

    private static func rateCell(_ count: Int, _ rate: Rate?) -> RateCell {
        RateCell(
            count: DisplayFormat.count(count),
            percent: DisplayFormat.percent(rate),
            barWidth: DisplayFormat.barWidth(rate),
            hasRate: rate != nil
        )
    }

    /// One channel's row of both channel tables.
    ///
    /// `previous` is `nil` without a comparison, and `.some(nil)` when the channel had no row in
    /// the previous period.
    private static func channelLine(_ row: ChannelRow, name: Named, previous: ChannelRow??) -> ChannelLine {
        let before = previous ?? nil
        return ChannelLine(
            channel: name,
            dialogs: DisplayFormat.count(row.dialogs),
            episodes: DisplayFormat.count(row.episodes),
            answered: DisplayFormat.count(row.answered),
            closedUnanswered: DisplayFormat.count(row.closedUnanswered),
            openEpisodes: DisplayFormat.count(row.open),
            frtMedian: DisplayFormat.duration(row.firstResponseMedian),
            frtMedianExact: DisplayFormat.exactSeconds(row.firstResponseMedian),
            frtP90: DisplayFormat.duration(row.firstResponseP90),
            frtP90Exact: DisplayFormat.exactSeconds(row.firstResponseP90),
            replyMedian: DisplayFormat.duration(row.replyMedian),
            replyMedianExact: DisplayFormat.exactSeconds(row.replyMedian),
            replyP90: DisplayFormat.duration(row.replyP90),
            replyP90Exact: DisplayFormat.exactSeconds(row.replyP90),
            warning: rateCell(row.reachedWarning, row.warningRate),
            overdue: rateCell(row.reachedOverdue, row.overdueRate),
            warningLimitText: DisplayFormat.limit(row.warningSeconds),
            processingLimitText: DisplayFormat.limit(row.processingSeconds),
            resolutionMedian: DisplayFormat.duration(row.resolutionMedian),
            resolutionMedianExact: DisplayFormat.exactSeconds(row.resolutionMedian),
            autoClosed: DisplayFormat.count(row.autoClosed),
            hasPrevious: previous != nil,
            episodesChange: PeriodChange.count(row.episodes, before: before?.episodes, higherIsBetter: nil),
            warningChange: PeriodChange.rate(row.warningRate, before: before?.warningRate, higherIsBetter: false),
            overdueChange: PeriodChange.rate(row.overdueRate, before: before?.overdueRate, higherIsBetter: false),
            replyChange: PeriodChange.duration(row.replyMedian, before: before?.replyMedian)
        )
    }

    /// Why "reached warning" and the breaches' "warning only" differ, in this report's figures.
    private static func levelsNote(_ report: SLAReport) -> String {
        let reachedWarning = report.channels.reduce(0) { $0 + $1.reachedWarning }
        let reachedOverdue = report.channels.reduce(0) { $0 + $1.reachedOverdue }
        let warningOnly = report.breaches.count { $0.level == .warning }
        let overdueWithoutWarning = max(0, reachedOverdue - (reachedWarning - warningOnly))
        var note =
            "“Reached warning” counts every episode that crossed its warning limit, also those that went on "
            + "to overdue; “reached overdue” those that crossed the processing limit. A channel without a "
            + "warning limit (—) has overdue breaches only: its slow episodes go straight to overdue."
        if overdueWithoutWarning > 0 {
            note +=
                " Here \(DisplayFormat.count(overdueWithoutWarning)) of the "
                + "\(DisplayFormat.count(reachedOverdue)) overdue episodes had no warning limit to cross."
        }
        return note
    }

    /// Totals per local date over all channels; every date of the period appears (zero when
    /// nothing happened), so gaps show in the chart.
    private static func dayTotals(_ rows: [DailyRow], from: LocalDate, to: LocalDate) -> [DailyTrendChart.Day] {
        var totals: [LocalDate: DailyTrendChart.Day] = [:]
        // A period longer than about a year is charted on the dates that have episodes only.
        let span = to.daysSinceEpoch - from.daysSinceEpoch
        if span >= 0, span < 400 {
            for offset in 0...span {
                let date = from.adding(days: offset)
                totals[date] = DailyTrendChart.Day(label: date.description, episodes: 0, warning: 0, overdue: 0)
            }
        }
        for row in rows {
            var day =
                totals[row.date]
                ?? DailyTrendChart.Day(label: row.date.description, episodes: 0, warning: 0, overdue: 0)
            day.episodes += row.episodes
            day.warning += row.reachedWarning
            day.overdue += row.reachedOverdue
            totals[row.date] = day
        }
        return totals.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Users with any figure in the period, in the natural order of their names (`Agent 2`
    /// before `Agent 10`), and the users with none.
    static func managersByActivity(_ rows: [ManagerRow]) -> (active: [ManagerRow], inactive: [ManagerRow]) {
        let sorted = rows.sorted { NaturalOrder.precedes($0.name, $1.name, thenBy: $0.user, $1.user) }
        func isActive(_ row: ManagerRow) -> Bool {
            row.becameResponsible + row.dialogsActive + row.messagesSent + row.episodesAnswered + row.reachedWarning
                + row.reachedOverdue + row.reassignedAway + row.dialogsClosed + row.peakOpenDialogs + row.orders > 0
                || row.revenue.cents != 0
        }
        return (sorted.filter(isActive), sorted.filter { !isActive($0) })
    }

    private static func managerLine(_ row: ManagerRow, money: MoneyText) -> ManagerLine {
        ManagerLine(
            manager: Named(name: row.name.isEmpty ? row.user : row.name, id: row.user, showsID: !row.name.isEmpty),
            becameResponsible: DisplayFormat.count(row.becameResponsible),
            dialogsActive: DisplayFormat.count(row.dialogsActive),
            messagesSent: DisplayFormat.count(row.messagesSent),
            episodesAnswered: DisplayFormat.count(row.episodesAnswered),
            managerReplyMedian: DisplayFormat.duration(row.replyMedian),
            managerReplyMedianExact: DisplayFormat.exactSeconds(row.replyMedian),
            managerReplyP90: DisplayFormat.duration(row.replyP90),
            managerReplyP90Exact: DisplayFormat.exactSeconds(row.replyP90),
            managerWarning: DisplayFormat.count(row.reachedWarning),
            managerOverdue: DisplayFormat.count(row.reachedOverdue),
            reassignedAway: DisplayFormat.count(row.reassignedAway),
            dialogsClosed: DisplayFormat.count(row.dialogsClosed),
            peakOpenDialogs: DisplayFormat.count(row.peakOpenDialogs),
            managerOrders: DisplayFormat.count(row.orders),
            managerRevenue: money.text(cents: row.revenue.cents)
        )
    }

    /// Sums of the users' counts; medians and peaks do not add up, so they are left blank.
    private static func managerTotal(_ rows: [ManagerRow], money: MoneyText) -> ManagerLine {
        func sum(_ value: (ManagerRow) -> Int) -> String { DisplayFormat.count(rows.reduce(0) { $0 + value($1) }) }
        return ManagerLine(
            manager: Named(name: "All users", id: "", showsID: false),
            becameResponsible: sum(\.becameResponsible),
            dialogsActive: "",
            messagesSent: sum(\.messagesSent),
            episodesAnswered: sum(\.episodesAnswered),
            managerReplyMedian: "",
            managerReplyMedianExact: "",
            managerReplyP90: "",
            managerReplyP90Exact: "",
            managerWarning: sum(\.reachedWarning),
            managerOverdue: sum(\.reachedOverdue),
            reassignedAway: sum(\.reassignedAway),
            dialogsClosed: sum(\.dialogsClosed),
            peakOpenDialogs: "",
            managerOrders: sum(\.orders),
            managerRevenue: money.text(cents: rows.reduce(0) { $0 + $1.revenue.cents })
        )
    }

    private static func conversionLine(_ row: OrderConversionRow, names: PageNames, money: MoneyText) -> ConversionLine
    {
        ConversionLine(
            conversionChannel: names.channel(row.channel),
            conversionStore: names.store(row.store),
            conversionResponsible: names.responsible(row.user),
            cohortDialogs: DisplayFormat.count(row.dialogs),
            convertedDialogs: DisplayFormat.count(row.convertedDialogs),
            conversion: rateCell(row.convertedDialogs, row.conversionRate),
            conversionOrders: DisplayFormat.count(row.orders),
            revenue: money.text(cents: row.revenue.cents),
            paidRevenue: money.text(cents: row.paidRevenue.cents),
            averageOrderValue: row.averageOrderValue.map { money.text(cents: $0.cents) } ?? DisplayFormat.missing,
            timeToOrder: DisplayFormat.duration(row.timeToOrderMedian),
            timeToOrderExact: DisplayFormat.exactSeconds(row.timeToOrderMedian)
        )
    }

    /// Sums of conversion rows under one heading (a channel, a responsible, or all).
    private static func conversionSummary(
        _ rows: [OrderConversionRow],
        group: Named,
        money: MoneyText
    ) -> ConversionSummaryLine {
        let dialogs = rows.reduce(0) { $0 + $1.dialogs }
        let converted = rows.reduce(0) { $0 + $1.convertedDialogs }
        return ConversionSummaryLine(
            group: group,
            cohortDialogs: DisplayFormat.count(dialogs),
            convertedDialogs: DisplayFormat.count(converted),
            conversion: rateCell(converted, Rate(Int64(converted), over: Int64(dialogs))),
            conversionOrders: DisplayFormat.count(rows.reduce(0) { $0 + $1.orders }),
            revenue: money.text(cents: rows.reduce(0) { $0 + $1.revenue.cents }),
            paidRevenue: money.text(cents: rows.reduce(0) { $0 + $1.paidRevenue.cents })
        )
    }

    /// The worst breaches of each channel, channels in the order of the channel table.
    ///
    /// One pass over the rows, in their order, keeping each channel's count and worst rows: the
    /// rows are not copied into groups (a month at 1M dialogs has 1.2M of them; grouping them
    /// first cost 0.5 s of the page's 0.9 s).
    /// - Complexity: O(rows) in practice (a channel look-up per row).
    private static func breachGroups(_ rows: [BreachRow], names: PageNames) -> [BreachGroup] {
        var slots: [String: Int] = [:]
        var channels: [(key: String, total: Int, worst: [BreachRow])] = []
        for row in rows {
            let slot: Int
            if let known = slots[row.channel] {
                slot = known
            } else {
                slot = channels.count
                slots[row.channel] = slot
                channels.append((key: row.channel, total: 0, worst: []))
            }
            channels[slot].total += 1
            keepIfWorst(row, in: &channels[slot].worst, limit: worstBreachesPerChannel)
        }
        return channels.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }.map { group in
            let worst = group.worst
            let total = group.total
            return BreachGroup(
                breachChannel: names.channel(group.key),
                breachCount: DisplayFormat.count(total),
                shownNote: total > worst.count
                    ? "the \(worst.count) longest waits of \(DisplayFormat.count(total)) breaches"
                    : (total == 1 ? "1 episode" : "\(DisplayFormat.count(total)) episodes"),
                breachLines: worst.enumerated().map { breachLine($1, rank: $0 + 1, names: names) }
            )
        }
    }

    private static func breachLine(_ row: BreachRow, rank: Int, names: PageNames) -> BreachLine {
        BreachLine(
            rank: String(rank),
            dialog: row.dialog,
            level: row.level.rawValue,
            isOverdue: row.level == .overdue,
            startedAt: DisplayFormat.localTime(row.episodeStartedAt),
            startedAtExact: row.episodeStartedAt.description,
            crossedAt: DisplayFormat.localTime(row.crossedAt),
            crossedAtExact: row.crossedAt.description,
            endedAt: DisplayFormat.localTime(row.endedAt),
            endedAtExact: row.endedAt?.description ?? "still open",
            outcome: row.outcome.rawValue.replacingUnderscores(),
            wait: DisplayFormat.duration(row.wait),
            waitExact: DisplayFormat.exactSeconds(row.wait),
            responsible: names.responsible(row.responsibleAtCrossing)
        )
    }

    private static func breachSummary(_ report: SLAReport) -> String {
        let overdue = report.breaches.count { $0.level == .overdue }
        return "\(DisplayFormat.count(report.breaches.count)) episodes reached a level "
            + "(\(DisplayFormat.count(overdue)) overdue, "
            + "\(DisplayFormat.count(report.breaches.count - overdue)) warning only; each episode counts once, "
            + "at its highest level). Per channel, the \(worstBreachesPerChannel) longest waits."
    }

    private static func keyFigures(
        _ report: SLAReport,
        previous: ReportMetadata.PreviousPeriod?,
        money: MoneyText,
        currency: String?
    ) -> [KeyFigure] {
        struct Totals {
            var episodes = 0
            var answered = 0
            var warning = 0
            var overdue = 0
            var dialogs = 0
            var converted = 0
            var revenue: Int64 = 0

            init(_ report: SLAReport) {
                for row in report.channels {
                    episodes += row.episodes
                    answered += row.answered
                    warning += row.reachedWarning
                    overdue += row.reachedOverdue
                }
                for row in report.orders {
                    dialogs += row.dialogs
                    converted += row.convertedDialogs
                    revenue += row.revenue.cents
                }
            }

            func rate(_ count: Int, _ total: Int) -> Rate? { Rate(Int64(count), over: Int64(total)) }
        }
        let now = Totals(report)
        let before = previous.map { Totals($0.report) }
        func figure(_ label: String, _ value: String, _ detail: String, _ change: Change?) -> KeyFigure {
            KeyFigure(
                label: label,
                value: value,
                detail: detail,
                hasChange: change != nil,
                change: change ?? Change(changeText: "", tone: "same", previousText: "")
            )
        }
        return [
            figure(
                "Episodes",
                DisplayFormat.count(now.episodes),
                "\(DisplayFormat.count(now.answered)) answered",
                before.map { PeriodChange.count(now.episodes, before: $0.episodes, higherIsBetter: nil) }
            ),
            figure(
                "Reached warning",
                DisplayFormat.percent(now.rate(now.warning, now.episodes)),
                "\(DisplayFormat.count(now.warning)) episodes",
                before.map {
                    PeriodChange.rate(
                        now.rate(now.warning, now.episodes),
                        before: $0.rate($0.warning, $0.episodes),
                        higherIsBetter: false
                    )
                }
            ),
            figure(
                "Reached overdue",
                DisplayFormat.percent(now.rate(now.overdue, now.episodes)),
                "\(DisplayFormat.count(now.overdue)) episodes",
                before.map {
                    PeriodChange.rate(
                        now.rate(now.overdue, now.episodes),
                        before: $0.rate($0.overdue, $0.episodes),
                        higherIsBetter: false
                    )
                }
            ),
            figure(
                "Chat conversion",
                DisplayFormat.percent(now.rate(now.converted, now.dialogs)),
                "\(DisplayFormat.count(now.converted)) of \(DisplayFormat.count(now.dialogs)) dialogs",
                before.map {
                    PeriodChange.rate(
                        now.rate(now.converted, now.dialogs),
                        before: $0.rate($0.converted, $0.dialogs),
                        higherIsBetter: true
                    )
                }
            ),
            figure(
                "Chat revenue" + (currency.map { ", \($0)" } ?? ""),
                money.text(cents: now.revenue),
                "orders of dialogs opened in the period; cancelled excluded",
                before.map { PeriodChange.money(now.revenue, before: $0.revenue, money: money) }
            ),
        ]
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(unicodeScalars.map { $0 == "_" ? " " : Character($0) })
    }
}

import SLAAnalytics

extension PageModel {
    /// How many breaches the page lists, worst (longest wait) first.
    static let worstBreachLimit = 20

    /// Formats everything the page shows from the report's typed rows.
    /// - Complexity: O(rows + days + breaches · log breaches).
    init(report: SLAReport, metadata: ReportMetadata) {
        let names = metadata.channelNames
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
        channelFilter = metadata.channelFilter?.joined(separator: ", ") ?? ""
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
                limitChannel: row.channel,
                limitChannelName: names[row.channel] ?? "",
                hasLimitChannelName: Self.hasName(names[row.channel], besides: row.channel),
                warningLimit: DisplayFormat.limit(row.warningSeconds),
                processingLimit: DisplayFormat.limit(row.processingSeconds),
                businessHours: metadata.businessHours[row.channel] ?? "round the clock"
            )
        }
        hasLimits = !limits.isEmpty
        usesBusinessHours = metadata.usesBusinessHours
        channels = report.channels.map { Self.channelLine($0, name: names[$0.channel]) }
        hasChannels = !channels.isEmpty
        let limitsByChannel = Dictionary(
            report.channels.map { ($0.channel, ($0.warningSeconds, $0.processingSeconds)) },
            uniquingKeysWith: { first, _ in first }
        )
        waitCharts = report.waitSamples.filter { $0.episodes > 0 }.map { samples in
            let limits = limitsByChannel[samples.channel]
            return WaitShareChart(
                samples: samples,
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

        managers = report.managers.map(Self.managerLine)
        hasManagers = !managers.isEmpty
        conversions = report.orders.map(Self.conversionLine)
        hasConversions = !conversions.isEmpty
        conversionTotal = Self.conversionTotal(report.orders)

        let worst = Self.worstBreaches(report.breaches, limit: Self.worstBreachLimit)
        worstBreaches = worst.enumerated().map { Self.breachLine($1, rank: $0 + 1) }
        hasBreaches = !worstBreaches.isEmpty
        let overdueCount = report.breaches.count { $0.level == .overdue }
        breachSummary =
            "\(DisplayFormat.count(report.breaches.count)) episodes reached a level "
            + "(\(DisplayFormat.count(overdueCount)) overdue, "
            + "\(DisplayFormat.count(report.breaches.count - overdueCount)) warning only); "
            + "the \(DisplayFormat.count(worstBreaches.count)) longest waits:"

        keyFigures = Self.keyFigures(report)
    }

    /// The `limit` longest waits, longest first (ties: dialog by code points, then crossing).
    /// - Complexity: O(n · limit) at worst, O(n) in practice; no copy of the rows.
    static func worstBreaches(_ rows: [BreachRow], limit: Int) -> [BreachRow] {
        func worse(_ lhs: BreachRow, _ rhs: BreachRow) -> Bool {
            if lhs.wait != rhs.wait { return lhs.wait > rhs.wait }
            if lhs.dialog != rhs.dialog {
                return lhs.dialog.unicodeScalars.lexicographicallyPrecedes(rhs.dialog.unicodeScalars)
            }
            return lhs.crossedAt.instant < rhs.crossedAt.instant
        }
        var worst: [BreachRow] = []
        guard limit > 0 else { return worst }
        for row in rows {
            if worst.count == limit {
                guard worse(row, worst[limit - 1]) else { continue }
                worst.removeLast()
            }
            let position = worst.firstIndex { worse(row, $0) } ?? worst.count
            worst.insert(row, at: position)
        }
        return worst
    }

    private static func hasName(_ name: String?, besides id: String) -> Bool {
        guard let name else { return false }
        return !name.isEmpty && name != id
    }

    private static func rateCell(_ count: Int, _ rate: Rate?) -> RateCell {
        RateCell(
            count: DisplayFormat.count(count),
            percent: DisplayFormat.percent(rate),
            barWidth: DisplayFormat.barWidth(rate),
            hasRate: rate != nil
        )
    }

    private static func channelLine(_ row: ChannelRow, name: String?) -> ChannelLine {
        ChannelLine(
            channelID: row.channel,
            channelName: name ?? "",
            hasChannelName: hasName(name, besides: row.channel),
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
            autoClosed: DisplayFormat.count(row.autoClosed)
        )
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

    private static func managerLine(_ row: ManagerRow) -> ManagerLine {
        ManagerLine(
            userID: row.user,
            userName: row.name,
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
            managerRevenue: DisplayFormat.money(cents: row.revenue.cents)
        )
    }

    private static func conversionLine(_ row: OrderConversionRow) -> ConversionLine {
        ConversionLine(
            conversionChannel: row.channel,
            conversionStore: row.store,
            conversionResponsible: row.user,
            cohortDialogs: DisplayFormat.count(row.dialogs),
            convertedDialogs: DisplayFormat.count(row.convertedDialogs),
            conversion: rateCell(row.convertedDialogs, row.conversionRate),
            conversionOrders: DisplayFormat.count(row.orders),
            revenue: DisplayFormat.money(cents: row.revenue.cents),
            paidRevenue: DisplayFormat.money(cents: row.paidRevenue.cents),
            averageOrderValue: row.averageOrderValue.map { DisplayFormat.money(cents: $0.cents) }
                ?? DisplayFormat.missing,
            timeToOrder: DisplayFormat.duration(row.timeToOrderMedian),
            timeToOrderExact: DisplayFormat.exactSeconds(row.timeToOrderMedian)
        )
    }

    /// Sums of the conversion rows; medians and averages do not add up, so they are left out.
    private static func conversionTotal(_ rows: [OrderConversionRow]) -> ConversionLine {
        let dialogs = rows.reduce(0) { $0 + $1.dialogs }
        let converted = rows.reduce(0) { $0 + $1.convertedDialogs }
        return ConversionLine(
            conversionChannel: "All",
            conversionStore: "",
            conversionResponsible: "",
            cohortDialogs: DisplayFormat.count(dialogs),
            convertedDialogs: DisplayFormat.count(converted),
            conversion: rateCell(converted, Rate(Int64(converted), over: Int64(dialogs))),
            conversionOrders: DisplayFormat.count(rows.reduce(0) { $0 + $1.orders }),
            revenue: DisplayFormat.money(cents: rows.reduce(0) { $0 + $1.revenue.cents }),
            paidRevenue: DisplayFormat.money(cents: rows.reduce(0) { $0 + $1.paidRevenue.cents }),
            averageOrderValue: "",
            timeToOrder: "",
            timeToOrderExact: ""
        )
    }

    private static func breachLine(_ row: BreachRow, rank: Int) -> BreachLine {
        BreachLine(
            rank: String(rank),
            dialog: row.dialog,
            breachChannel: row.channel,
            level: row.level.rawValue,
            isOverdue: row.level == .overdue,
            startedAt: DisplayFormat.timestamp(row.episodeStartedAt),
            crossedAt: DisplayFormat.timestamp(row.crossedAt),
            endedAt: DisplayFormat.timestamp(row.endedAt),
            outcome: row.outcome.rawValue.replacingUnderscores(),
            wait: DisplayFormat.duration(row.wait),
            waitExact: DisplayFormat.exactSeconds(row.wait),
            responsible: row.responsibleAtCrossing
        )
    }

    private static func keyFigures(_ report: SLAReport) -> [KeyFigure] {
        let episodes = report.channels.reduce(0) { $0 + $1.episodes }
        let answered = report.channels.reduce(0) { $0 + $1.answered }
        let warning = report.channels.reduce(0) { $0 + $1.reachedWarning }
        let overdue = report.channels.reduce(0) { $0 + $1.reachedOverdue }
        let dialogs = report.orders.reduce(0) { $0 + $1.dialogs }
        let converted = report.orders.reduce(0) { $0 + $1.convertedDialogs }
        let revenue = report.orders.reduce(0) { $0 + $1.revenue.cents }
        func rate(_ count: Int, _ total: Int) -> Rate? { Rate(Int64(count), over: Int64(total)) }
        return [
            KeyFigure(
                label: "Episodes",
                value: DisplayFormat.count(episodes),
                detail: "\(DisplayFormat.count(answered)) answered"
            ),
            KeyFigure(
                label: "Reached warning",
                value: DisplayFormat.percent(rate(warning, episodes)),
                detail: "\(DisplayFormat.count(warning)) episodes"
            ),
            KeyFigure(
                label: "Reached overdue",
                value: DisplayFormat.percent(rate(overdue, episodes)),
                detail: "\(DisplayFormat.count(overdue)) episodes"
            ),
            KeyFigure(
                label: "Chat conversion",
                value: DisplayFormat.percent(rate(converted, dialogs)),
                detail: "\(DisplayFormat.count(converted)) of \(DisplayFormat.count(dialogs)) dialogs"
            ),
            KeyFigure(label: "Chat revenue", value: DisplayFormat.money(cents: revenue), detail: "cancelled excluded"),
        ]
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(unicodeScalars.map { $0 == "_" ? " " : Character($0) })
    }
}

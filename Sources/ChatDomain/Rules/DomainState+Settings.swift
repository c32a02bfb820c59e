extension DomainState {
    mutating func setTimeLimits(
        by: EventActor,
        channel: ChannelID?,
        warning: Int64?,
        processing: Int64?,
        context: inout ApplyContext
    ) throws(Rejection) {
        try checkChatAdmin(by, what: "time limits")
        if let channel, channels[channel] == nil { throw .invalidField("channel", "unknown channel \"\(channel)\"") }
        guard let processing else { throw Rejection(.invalidTimeLimit, "processing_s is required") }
        for (name, value) in [("processing_s", processing), ("warning_s", warning)] {
            guard let value else { continue }
            guard value >= 30, value % 30 == 0 else {
                throw Rejection(
                    .invalidTimeLimit,
                    "\(name) = \(value) must be at least 30 and a multiple of 30 seconds"
                )
            }
            guard value <= Self.maximumSettingSeconds else {
                throw Rejection(
                    .invalidTimeLimit,
                    "\(name) = \(value) must be at most \(Self.maximumSettingSeconds) seconds"
                )
            }
        }
        if let warning, warning >= processing {
            throw Rejection(
                .invalidTimeLimit,
                "warning_s = \(warning) must be less than processing_s = \(processing)"
            )
        }
        advanceClock(&context)
        let setting = TimeLimitSetting(
            channel: channel,
            warningSeconds: warning,
            processingSeconds: processing,
            effectiveAt: context.at,
            seq: context.seq
        )
        timeLimitHistory.append(setting)
        context.add(.timeLimitSet(setting, by: by))
    }

    /// **[ext]** `settings.business_hours`: the actor's rights, the channel, then the schedule's
    /// content (`invalid_business_hours`).
    mutating func setBusinessHours(
        by: EventActor,
        channel: ChannelID?,
        hours: Result<BusinessHours, Rejection>?,
        context: inout ApplyContext
    ) throws(Rejection) {
        try checkChatAdmin(by, what: "business hours")
        if let channel, channels[channel] == nil { throw .invalidField("channel", "unknown channel \"\(channel)\"") }
        let schedule = try hours?.get()
        advanceClock(&context)
        context.add(
            .businessHoursSet(BusinessHoursSetting(channel: channel, hours: schedule, effectiveAt: context.at, by: by))
        )
    }

    mutating func updateChatSettings(
        by: EventActor,
        patch: ChatSettingsPatch,
        context: inout ApplyContext
    ) throws(Rejection) {
        try checkChatAdmin(by, what: "chat settings")
        let unmapped = channels.values.filter { $0.store == nil }.map { "\"\($0.id)\"" }.sorted()
        guard unmapped.isEmpty else {
            throw Rejection(
                .storeMappingIncomplete,
                "chat settings cannot be saved while channels \(unmapped.joined(separator: ", ")) have no store"
            )
        }
        if case .some(.some(let seconds)) = patch.autoCloseAssignedSeconds, seconds > Self.maximumSettingSeconds {
            throw .invalidField(
                "auto_close_assigned_s",
                "\(seconds) is more than the longest auto-close time, \(Self.maximumSettingSeconds) seconds"
            )
        }
        for (position, user) in (patch.defaultResponsible ?? []).enumerated() where users[user] == nil {
            throw .invalidField("default_responsible[\(position)]", "unknown user \"\(user)\"")
        }
        advanceClock(&context)
        let version = ChatSettingsVersion(
            settings: patch.applied(to: settings, at: context.at),
            effectiveAt: context.at,
            by: by
        )
        insert(version)
        context.add(.chatSettingsVersion(version))
    }

    mutating func upsertQuickReply(
        _ quickReply: QuickReplyState,
        by: EventActor,
        context: inout ApplyContext
    ) throws(Rejection) {
        try checkChatAdmin(by, what: "quick replies")
        if TextMeasure.exceedsLimit(quickReply.text, limit: Self.maximumQuickReplyCharacters) {
            throw Rejection(
                .quickReplyTooLong,
                "quick reply \"\(quickReply.id)\" has \(quickReply.text.count) characters; at most "
                    + "\(Self.maximumQuickReplyCharacters) are allowed"
            )
        }
        if let owner = quickReplyCommands[quickReply.command], owner != quickReply.id {
            throw .invalidField("command", "\"\(quickReply.command)\" is already used by quick reply \"\(owner)\"")
        }
        advanceClock(&context)
        insert(quickReply)
        context.add(.quickReplyUpserted(quickReply))
    }
}

extension DomainState {
    /// Customer messages after the last message of a user; `nil` for an unknown dialog.
    public func unreadCount(of dialog: DialogID) -> Int? { dialogs[dialog]?.unreadCount }

    /// Whether `user` may see and act on `dialog` now.
    public func isVisible(_ dialog: DialogID, to user: UserID) -> Bool {
        guard let state = dialogs[dialog], let userState = users[user], userState.canUseChats else { return false }
        if state.kind == .internal { return state.participants.contains(user) || userState.seesAllDialogs }
        do {
            try checkVisible(state, to: userState, writing: false)
            return true
        } catch {
            return false
        }
    }

    /// The time limits of `channel` (else the default) in effect at `instant`, from the history.
    public func timeLimit(for channel: ChannelID, at instant: Int64) -> TimeLimitSetting<ChannelID>? {
        var own: TimeLimitSetting<ChannelID>?
        var fallback: TimeLimitSetting<ChannelID>?
        for setting in timeLimitHistory where setting.effectiveAt <= instant {
            if setting.channel == channel, own.map({ setting.effectiveAt >= $0.effectiveAt }) ?? true { own = setting }
            if setting.channel == nil, fallback.map({ setting.effectiveAt >= $0.effectiveAt }) ?? true {
                fallback = setting
            }
        }
        return own ?? fallback
    }

    /// The instant an open dialog will be closed automatically if nothing happens, under the
    /// settings now; `nil` for a closed dialog, or one held by a user while no auto-close time is set.
    ///
    /// It may lie before the clock (the close is then made, at that instant, by the next event);
    /// it is never before the dialog's last close, where a late message reopened it.
    public func autoCloseDeadline(of dialog: DialogID) -> Int64? {
        dialogs[dialog].flatMap { autoCloseDeadline(of: $0) }
    }
}

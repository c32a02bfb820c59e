/// Why a dialog was closed.
public enum CloseCause: Hashable, Sendable {
    /// A `dialog.closed` event by this actor.
    case actor(EventActor)
    /// Automatically: a user was responsible and nobody wrote for `auto_close_assigned_s`.
    case assignedTimeout
    /// Automatically: unassigned or bot-held and nobody wrote for 30 days.
    case inactivity

    /// Whether the close was made by the engine rather than by someone.
    public var isAutomatic: Bool {
        switch self {
        case .actor: false
        case .assignedTimeout, .inactivity: true
        }
    }
}

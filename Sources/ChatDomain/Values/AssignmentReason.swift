/// Why a dialog's responsible changed.
public enum AssignmentReason: String, CaseIterable, Hashable, Sendable {
    /// A `dialog.assigned` event.
    case explicit
    /// The round robin over `default_responsible` at the dialog's opening (or privacy acceptance).
    case defaultResponsible = "default_responsible"
    /// `first_responder_takes_dialog`: the first user to reply in an unassigned dialog took it.
    case firstResponder = "first_responder"
}

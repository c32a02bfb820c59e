/// The generator's model of one customer dialog while it still has something to do.
///
/// Only what the simulation needs to write the next events; the domain's own record of a dialog
/// is ChatDomain's `DialogState`.
struct SimulatedDialog {
    var number: Int = 0
    var channel: Int = 0
    var contact: Int = 0
    /// Customer number once linked, else -1 (a lead).
    var customer: Int = -1
    /// Responsible user index, or -1.
    var responsibleUser: Int = -1
    /// Responsible bot number, or -1.
    var responsibleBot: Int = -1
    /// Closed by a user or bot (auto-close is derived from `lastActivity`).
    var closed = false
    /// The last customer, user or bot message: the auto-close timers run from here.
    var lastActivity: Int64 = 0
    var pending = false
    var botBlocked = false
    var greeted = false
    var hasOrder = false
    var burstLeft = 0
    var lastCustomerMessage = 0
    var lastOutgoingMessage = 0
}

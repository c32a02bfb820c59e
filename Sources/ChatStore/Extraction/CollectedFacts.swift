import PostgresClient

/// One connection's share of the dialog facts (`dialog_facts.sql`'s headers and fact logs, or
/// `period_dialog_facts.sql`'s dialogs with their logs), kept as they arrived: dialog headers, and
/// every fact packed in 24 bytes, in chunks. ``DialogFactGroups`` groups the shares by dialog.
///
/// The rows come in no particular order (the server reads each table in heap order and sorts
/// nothing); every check of a row is made here, as it is read, so grouping and replay cannot fail.
public struct CollectedFacts: Sendable {
    /// The customer dialogs' headers.
    public internal(set) var dialogs: [ExtractedDialog] = []
    @usableFromInline var facts = FactChunks()
    /// Rows read, headers included.
    public internal(set) var rows = 0
    /// The dialogs read with an order created from them by `as_of` (an order record of their log,
    /// schema 0021), the privacy policy's held ones left out: among them, the cohort whose orders a
    /// period's report looks up (``ReportExtraction/streamChatOrders(ofDialogs:_:)``).
    public internal(set) var dialogsWithOrders: [DialogWithOrders] = []

    public init() {}

    /// Headers and facts as given (tests).
    init(dialogs: [ExtractedDialog], facts: [PackedFact]) {
        self.dialogs = dialogs
        for fact in facts { self.facts.append(fact) }
    }

    /// Facts kept (headers excluded).
    public var factCount: Int { facts.count }

    /// Appends a customer dialog's header: held back by the privacy policy as of `as_of`, else
    /// accepted at `acceptedAt` (by `as_of`), else not gated.
    /// - Throws: `StoreError` for a key that does not fit the packing.
    mutating func appendDialog(key: Int64, sourceID: String, channel: Int64?, held: Bool, acceptedAt: Int64?) throws {
        guard UInt32(exactly: key) != nil else { throw PackedFact.keyTooLarge() }
        let privacy: ExtractedDialog.PrivacyGate =
            if held { .held } else if let acceptedAt { .acceptedAt(acceptedAt) } else { .notHeld }
        dialogs.append(ExtractedDialog(key: key, sourceID: sourceID, channel: channel ?? 0, privacy: privacy))
    }

    /// Appends one fact (code 1 to 11).
    /// - Throws: `StoreError` for a fact whose code names a user or a bot without one, or a key
    ///   that does not fit the packing.
    mutating func appendFact(dialog: Int64, at: Int64, seq: Int64, code: Int, flag: Bool, reference: Int64?) throws {
        if PackedFact.hasReference(code: Int64(code)), reference == nil {
            throw StoreError.invariantBroken("the dialog facts hold a fact without its user or bot")
        }
        facts.append(
            try PackedFact(dialog: dialog, at: at, seq: seq, code: code, flag: flag, reference: reference ?? 0)
        )
    }
}

/// A dialog read with an order created from it by `as_of`, and what tells whether it can open in
/// a period (the engine's cohort, `SLAAccumulator`: a dialog opens at its earliest customer
/// message; one accepted under the privacy policy, at its first customer message from the
/// acceptance on).
public struct DialogWithOrders: Sendable, Equatable {
    public let key: Int64
    /// Its earliest customer message by `as_of`, if any.
    public let firstCustomerMessage: Int64?
    /// Accepted under the privacy policy by `as_of`.
    public let accepted: Bool

    /// Whether it may open in `period`: its earliest customer message is in it, or it was
    /// accepted (kept whatever its messages: a superset of the cohort, which the engine narrows).
    public func canOpen(in period: Range<Int64>) -> Bool {
        accepted || (firstCustomerMessage.map { period.contains($0) } ?? false)
    }
}

/// A fact in 24 bytes: its instant; its seq, code and flag in one integer whose order is the
/// facts' (seq, code) order; the user, bot key; the dialog key.
@usableFromInline
struct PackedFact: Sendable {
    @usableFromInline let at: Int64
    /// `seq << 5 | code << 1 | flag`.
    @usableFromInline let order: Int64
    @usableFromInline let reference: UInt32
    @usableFromInline let dialog: UInt32

    /// The highest fact code (`period_dialog_facts.sql` lists them).
    @usableFromInline static let highestCode: Int64 = 11
    /// Whether the code's `ref` is a user or a bot (3, 4, 5, 6, 8, 9).
    @inlinable
    static func hasReference(code: Int64) -> Bool {
        switch code {
        case 3, 4, 5, 6, 8, 9: true
        default: false
        }
    }

    @inlinable
    init(dialog: Int64, at: Int64, seq: Int64, code: Int, flag: Bool, reference: Int64) throws {
        guard let dialogKey = UInt32(exactly: dialog), let referenceKey = UInt32(exactly: reference) else {
            throw Self.keyTooLarge()
        }
        guard seq >= 0, seq < 1 << 58 else {
            throw StoreError.storedDataUnreadable("a fact's seq \(seq) is outside 0 ..< 2^58")
        }
        self.at = at
        self.order = seq << 5 | Int64(code) << 1 | (flag ? 1 : 0)
        self.reference = referenceKey
        self.dialog = dialogKey
    }

    @usableFromInline
    static func keyTooLarge() -> StoreError {
        StoreError.storedDataUnreadable(
            "a dialog, user or bot key is above \(UInt32.max): the report's extraction keeps keys in 32 bits"
        )
    }

    private init(at: Int64, order: Int64, reference: UInt32, dialog: UInt32) {
        self.at = at
        self.order = order
        self.reference = reference
        self.dialog = dialog
    }

    /// The same fact with its flag set to `flag`.
    func with(flag: Bool) -> PackedFact {
        PackedFact(at: at, order: order & ~1 | (flag ? 1 : 0), reference: reference, dialog: dialog)
    }

    @inlinable var seq: Int64 { order >> 5 }
    @inlinable var code: Int { Int(order >> 1 & 0xF) }
    @inlinable var flag: Bool { order & 1 == 1 }

    /// Storage order within a dialog: instant, seq, then code (the ties of one event).
    @inlinable
    static func precedes(_ lhs: PackedFact, _ rhs: PackedFact) -> Bool {
        lhs.at != rhs.at ? lhs.at < rhs.at : lhs.order < rhs.order
    }

    /// The fact as the dialog-facts sinks take it.
    @inlinable
    func extracted() -> ExtractedFact {
        let ref = Int64(reference)
        let kind: ExtractedFact.Kind =
            switch code {
            case 1: .autoClose
            case 2: .customerMessage
            case 3: .userMessage(user: ref, failed: flag)
            case 4: .botMessage(bot: ref, failed: flag)
            case 5: .assignedToUser(ref)
            case 6: .assignedToBot(ref)
            case 7: .unassigned
            case 8: .closedByUser(ref)
            case 9: .closedByBot(ref)
            case 10: .closedBySystem
            default: .reopen
            }
        return ExtractedFact(at: at, seq: seq, kind: kind)
    }
}

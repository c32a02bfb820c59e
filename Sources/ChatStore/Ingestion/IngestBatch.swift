import ChatDomain

/// The tables a batch appends to with a plain COPY, in the order they are written.
enum AppendTable: Int, CaseIterable, Sendable {
    case userVersions, channelVersions
    case customerMerges, timeLimitSettings, businessHoursSettings, chatSettings
    case messages, messageAttachments, messageStatuses, messageEdits
    case assignments, dialogStatusChanges, dialogLinks
    case orders, orderItems, orderStatuses, orderPayments
    case ingestedEvents, rejectedEvents

    /// The table (its statement in `queries/ingest/write.sql` is `copy_<table>`).
    var table: String {
        switch self {
        case .userVersions: "user_versions"
        case .channelVersions: "channel_versions"
        case .customerMerges: "customer_merges"
        case .timeLimitSettings: "time_limit_settings"
        case .businessHoursSettings: "business_hours_settings"
        case .chatSettings: "chat_settings"
        case .messages: "messages"
        case .messageAttachments: "message_attachments"
        case .messageStatuses: "message_statuses"
        case .messageEdits: "message_edits"
        case .assignments: "assignments"
        case .dialogStatusChanges: "dialog_status_changes"
        case .dialogLinks: "dialog_links"
        case .orders: "orders"
        case .orderItems: "order_items"
        case .orderStatuses: "order_statuses"
        case .orderPayments: "order_payments"
        case .ingestedEvents: "ingested_events"
        case .rejectedEvents: "rejected_events"
        }
    }
}

/// When a batch first and last touched a row that changes (for `created_at` / `updated_at`).
struct Touch: Sendable {
    var firstAt: Int64
    var lastAt: Int64
    var firstSeq: Int64
}

/// A message stored by this batch, kept as a value until the batch is written so that later
/// status changes and edits of the same batch land in its row.
struct PendingMessage: Sendable {
    var key: Int64
    var id: String
    var dialogKey: Int64
    var seq: Int64
    var createdAt: Int64
    var senderKind: SenderKind
    var contactKey: Int64?
    var userKey: Int64?
    var botKey: Int64?
    var text: String?
    var quoteKey: Int64?
    var quickReplyKey: Int64?
    var status: DeliveryStatus
    var failureReason: String?
    var editedAt: Int64?
}

/// The current status (or edit instant) of a message stored by an earlier batch.
struct MessageUpdate: Sendable {
    var status: DeliveryStatus?
    var failureReason: String?
    var editedAt: Int64?
}

/// What a batch appends to one dialog's fact log: the records, and the earliest and latest of
/// their instants (the log's `first_at` and `last_at` move to take them in).
struct FactLogAppend: Sendable {
    var records: [UInt8] = []
    var firstAt: Int64
    var lastAt: Int64

    init(at: Int64) {
        firstAt = at
        lastAt = at
    }

    mutating func add(_ record: FactLogRecord) {
        record.append(to: &records)
        firstAt = min(firstAt, record.at)
        lastAt = max(lastAt, record.at)
    }
}

/// How a batch's status changes of one dialog move its row of `dialog_status_latest` (schema
/// 0009, 0019; `merge_tmp_status_latest` in `queries/ingest/write.sql`, schema 0022): the latest
/// change by instant, then seq, an open one before a close at the same seq; the earliest instant
/// (earlier than the stored latest: stored out of time order); whether a change came before the
/// one ingested ahead of it (out of order within the batch); whether the customer accepted.
struct StatusLatest: Sendable {
    var at: Int64
    var seq: Int64
    var isOpen: Bool
    var earliest: Int64
    /// The instant of the batch's last change in ingestion order (seq, then position).
    var previousAt: Int64
    var disordered = false
    var accepted: Bool

    init(at: Int64, seq: Int64, isOpen: Bool, accepted: Bool) {
        self.at = at
        self.seq = seq
        self.isOpen = isOpen
        earliest = at
        previousAt = at
        self.accepted = accepted
    }

    /// Takes in the dialog's next change, in ingestion order.
    mutating func add(at: Int64, seq: Int64, isOpen: Bool, accepted: Bool) {
        if at < previousAt { disordered = true }
        previousAt = at
        earliest = min(earliest, at)
        if (at, seq) > (self.at, self.seq) || ((at, seq) == (self.at, self.seq) && isOpen && !self.isOpen) {
            self.at = at
            self.seq = seq
            self.isOpen = isOpen
        }
        if accepted { self.accepted = true }
    }
}

/// Everything one batch will write, gathered in memory, written in one transaction.
///
/// - Complexity: memory is O(rows of the batch); `reset()` keeps the buffers' capacity.
struct IngestBatch: Sendable {
    var appends = [CopyRows](repeating: CopyRows(), count: AppendTable.allCases.count)

    var stores: [StoreID: Touch] = [:]
    var channels: [ChannelID: Touch] = [:]
    var users: [UserID: Touch] = [:]
    var bots: [BotID: Touch] = [:]
    var customers: [CustomerID: Touch] = [:]
    var contacts: [ContactKey: Touch] = [:]
    var quickReplies: [QuickReplyID: (touch: Touch, by: EventActor)] = [:]
    var dialogs: [DialogID: Touch] = [:]
    var tasks: [TaskID: Touch] = [:]
    var taskCompletedBy: [TaskID: EventActor] = [:]
    var drafts: [DraftKey: (text: String?, at: Int64)] = [:]
    var orderCustomers: [Int64: Int64?] = [:]
    /// Each dialog's fact records of the batch, in ingestion order (``FactLogRecord``).
    var factLogs: [Int64: FactLogAppend] = [:]
    /// Each message given a status by the batch: the seq of its first status in the batch, and
    /// whether its statuses may go to its dialog's log (it is older than the batch, or the batch
    /// gave it a `failed` status; `merge_tmp_status_messages` decides).
    var statusMessages: [Int64: (firstSeq: Int64, logged: Bool)] = [:]
    /// Each dialog given a status change by the batch: how its `dialog_status_latest` row moves.
    var statusLatest: [DialogID: StatusLatest] = [:]

    var newMessages: [PendingMessage] = []
    var newMessageIndex: [Int64: Int] = [:]
    var messageUpdates: [Int64: MessageUpdate] = [:]

    /// Rejected lines to hand to the caller once the batch is committed.
    var rejectedLines: [RejectedLine] = []
    var summary = IngestSummary()
    var events = 0
    /// Events the domain rules refused (stored in `ingested_events` with `accepted = false`).
    var refusedEvents = 0

    /// Appends one fact's record to its dialog's log of the batch; `user` or `bot` is the fact's
    /// user or bot (the record holds 0 for neither).
    mutating func logFact(
        dialog: Int64,
        at: Int64,
        seq: Int64,
        code: Int,
        flag: Bool = false,
        user: Int64?,
        bot: Int64?
    ) {
        let record = FactLogRecord(at: at, seq: seq, code: code, flag: flag, reference: user ?? bot ?? 0)
        factLogs[dialog, default: FactLogAppend(at: at)].add(record)
    }

    /// Notes one status change of `dialog` (in ingestion order) for its `dialog_status_latest` row.
    mutating func noteStatus(_ dialog: DialogID, at: Int64, seq: Int64, isOpen: Bool, accepted: Bool) {
        // Adding a dialog's first change to the summary made of it changes nothing.
        statusLatest[dialog, default: StatusLatest(at: at, seq: seq, isOpen: isOpen, accepted: accepted)]
            .add(at: at, seq: seq, isOpen: isOpen, accepted: accepted)
    }

    /// Appends one row to `table`'s rows in place (no copy of the buffer).
    ///
    /// - Complexity: O(columns); `table` must be an appended one (it has a ``CopyTable/slot``).
    mutating func append<Row>(_ table: CopyTable<Row>, _ row: Row) {
        guard let slot = table.slot else { return assertionFailure("\(table.table) is not appended") }
        table.append(row, to: &appends[slot.rawValue])
    }

    mutating func reset() {
        for index in appends.indices { appends[index].removeAll() }
        stores.removeAll(keepingCapacity: true)
        channels.removeAll(keepingCapacity: true)
        users.removeAll(keepingCapacity: true)
        bots.removeAll(keepingCapacity: true)
        customers.removeAll(keepingCapacity: true)
        contacts.removeAll(keepingCapacity: true)
        quickReplies.removeAll(keepingCapacity: true)
        dialogs.removeAll(keepingCapacity: true)
        tasks.removeAll(keepingCapacity: true)
        taskCompletedBy.removeAll(keepingCapacity: true)
        drafts.removeAll(keepingCapacity: true)
        orderCustomers.removeAll(keepingCapacity: true)
        factLogs.removeAll(keepingCapacity: true)
        statusMessages.removeAll(keepingCapacity: true)
        statusLatest.removeAll(keepingCapacity: true)
        newMessages.removeAll(keepingCapacity: true)
        newMessageIndex.removeAll(keepingCapacity: true)
        messageUpdates.removeAll(keepingCapacity: true)
        rejectedLines.removeAll(keepingCapacity: true)
        summary = IngestSummary()
        events = 0
        refusedEvents = 0
    }
}

extension Dictionary where Value == Touch {
    /// Notes that the row `key` changed at `at` by event `seq`.
    mutating func touch(_ key: Key, at: Int64, seq: Int64) {
        if var touch = self[key] {
            touch.lastAt = Swift.max(touch.lastAt, at)
            self[key] = touch
        } else {
            self[key] = Touch(firstAt: at, lastAt: at, firstSeq: seq)
        }
    }
}

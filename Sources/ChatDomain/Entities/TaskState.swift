/// A task bound to an order or a customer.
public struct TaskState: Hashable, Sendable {
    public var id: TaskID
    public var text: String
    public var due: Int64?
    public var responsible: UserID?
    public var subject: TaskSubject?
    public var author: EventActor
    public var createdAt: Int64
    public var completedAt: Int64?

    public init(
        id: TaskID,
        text: String,
        due: Int64?,
        responsible: UserID?,
        subject: TaskSubject?,
        author: EventActor,
        createdAt: Int64,
        completedAt: Int64? = nil
    ) {
        self.id = id
        self.text = text
        self.due = due
        self.responsible = responsible
        self.subject = subject
        self.author = author
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}

/// One thing the simulation will do at an instant: a step of a dialog's flow, a delivery
/// status, an order step, a clock tick, …
struct ScheduledAction {
    /// When the action's events are emitted (microseconds since 1970).
    var time: Int64
    /// Insertion order: breaks ties so equal instants keep a deterministic order.
    var sequence: UInt64
    var kind: ActionKind
    var flag: UInt8
    /// A dialog slot, an order or task number, a stored line key, … depending on `kind`.
    var target: Int32
    /// A user index, a customer number, … depending on `kind`.
    var extra: Int32
    /// A message number, an amount in cents, … depending on `kind`.
    var value: Int64
}

/// What a `ScheduledAction` does.
enum ActionKind: UInt8 {
    case newDialog
    case customerMessage
    case botGreeting
    case botAssignment
    case privacyAcceptance
    case draft
    case reply
    case close
    case blockBot
    case order
    case orderStep
    case taskCompletion
    case messageStatus
    case messageEdit
    case storedLine
    case standaloneOrder
    case mergePreparation
    case merge
    case internalMessage
    case clockTick
    case settingsChange
}

/// A binary min-heap of scheduled actions ordered by `(time, sequence)`.
///
/// - Complexity: `push` and `pop` are O(log n); n is the number of actions in flight (open
///   dialogs plus pending statuses and order steps), never the length of the stream.
struct ActionQueue {
    private var heap: [ScheduledAction] = []
    private var sequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(
        _ kind: ActionKind,
        at time: Int64,
        target: Int32 = 0,
        extra: Int32 = 0,
        value: Int64 = 0,
        flag: UInt8 = 0
    ) {
        sequence += 1
        heap.append(
            ScheduledAction(
                time: time,
                sequence: sequence,
                kind: kind,
                flag: flag,
                target: target,
                extra: extra,
                value: value
            )
        )
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if Self.precedes(heap[child], heap[parent]) {
                heap.swapAt(child, parent)
                child = parent
            } else {
                break
            }
        }
    }

    mutating func pop() -> ScheduledAction? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if heap.isEmpty { return first }
        heap[0] = last
        var parent = 0
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            if left >= count { break }
            var smallest = left
            let right = left + 1
            if right < count && Self.precedes(heap[right], heap[left]) {
                smallest = right
            }
            if Self.precedes(heap[smallest], heap[parent]) {
                heap.swapAt(smallest, parent)
                parent = smallest
            } else {
                break
            }
        }
        return first
    }

    private static func precedes(_ lhs: ScheduledAction, _ rhs: ScheduledAction) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
    }
}

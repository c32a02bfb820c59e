import Dispatch

/// Two pieces of work on two values at once, on two threads: the report's tail (after the
/// streams, the database no longer needs the cores) sorts the breach rows beside the rest.
enum ParallelPair {
    /// Runs `first` on `a` and `second` on `b` at the same time and returns both values.
    ///
    /// The values are moved into the work and back out (not copied), so arrays they hold stay
    /// uniquely referenced and are mutated in place.
    static func mutate<A: Sendable, B: Sendable>(
        _ a: consuming A,
        _ b: consuming B,
        _ first: @Sendable (inout A) -> Void,
        _ second: @Sendable (inout B) -> Void
    ) -> (A, B) {
        let pair = Pair(a, b)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { pair.mutateFirst(first) } else { pair.mutateSecond(second) }
        }
        return pair.take()
    }
}

/// The two values, each touched by one thread only until both are done.
private final class Pair<A: Sendable, B: Sendable>: @unchecked Sendable {
    private var first: A?
    private var second: B?

    init(_ first: consuming A, _ second: consuming B) {
        self.first = first
        self.second = second
    }

    /// Moved out, mutated and moved back, so that `body` holds the only reference.
    func mutateFirst(_ body: (inout A) -> Void) {
        guard var value = first.take() else { preconditionFailure("the first value was taken") }
        body(&value)
        first = consume value
    }

    func mutateSecond(_ body: (inout B) -> Void) {
        guard var value = second.take() else { preconditionFailure("the second value was taken") }
        body(&value)
        second = consume value
    }

    /// Both values, moved out (called once `concurrentPerform` has returned).
    func take() -> (A, B) {
        guard let first = first.take(), let second = second.take() else {
            preconditionFailure("the values were taken twice")
        }
        return (first, second)
    }
}

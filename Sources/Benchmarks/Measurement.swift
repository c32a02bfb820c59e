import ChatDomain
import Foundation

/// A figure as the bench lines print it: seconds or a ratio with three decimals (`1.235`).
public func format(_ value: Double) -> String {
    String(format: "%.3f", value)
}

/// The median of samples (the mean of the middle two for an even count; 0 for none).
///
/// - Complexity: O(n log n), a sorted copy.
public func medianOf(_ samples: [Double]) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sorted = samples.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The median of `runs` timings of `body`.
func medianSeconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<runs { samples.append(try timed(body)) }
    return medianOf(samples)
}

/// The seconds `body` took on the continuous clock.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).seconds
}

/// This process's memory high-water mark.
public enum PeakMemory {
    /// This address space's peak resident set (`VmHWM`), in kB; getrusage's figure when unreadable.
    public static func ownResidentKilobytes() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let value = Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
        {
            return value
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

import Foundation
import Testing

@testable import EventGenerator

@Suite struct DeterministicMathTests {
    @Test func logAndExpAgreeWithTheCLibrary() {
        var random = DeterministicRandom(seed: 4)
        for _ in 0..<20_000 {
            let x = DeterministicMath.exp(random.unit() * 60 - 30)
            #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 1e-12 * max(1, abs(Foundation.log(x))))
            let y = random.unit() * 100 - 50
            #expect(abs(DeterministicMath.exp(y) - Foundation.exp(y)) <= 1e-13 * Foundation.exp(y))
        }
        #expect(DeterministicMath.log(1) == 0)
        #expect(DeterministicMath.exp(0) == 1)
    }

    @Test func normalDrawsHaveUnitSpread() {
        var random = DeterministicRandom(seed: 9)
        var sum = 0.0
        var squares = 0.0
        let count = 50_000
        for _ in 0..<count {
            let value = random.normal()
            sum += value
            squares += value * value
        }
        #expect(abs(sum / Double(count)) < 0.02)
        #expect(abs(squares / Double(count) - 1) < 0.03)
    }
}

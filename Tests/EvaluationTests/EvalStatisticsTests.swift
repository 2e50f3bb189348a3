import Evaluation
import XCTest

/// Hand-computed cases: rank = p/100 * (n-1), linear interpolation between neighbours.
final class EvalStatisticsTests: XCTestCase {
    func testMedianOfOddAndEvenCounts() {
        XCTAssertEqual(EvalStatistics.median([3, 1, 2]), 2)
        XCTAssertEqual(EvalStatistics.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(EvalStatistics.median([7]), 7)
        XCTAssertNil(EvalStatistics.median([]))
    }

    func testPercentileInterpolatesLinearly() throws {
        let oneToTwenty = (1...20).map(Double.init).reversed().map { $0 }
        // rank 0.95 * 19 = 18.05 → 19 + 0.05 * (20 - 19)
        XCTAssertEqual(try XCTUnwrap(EvalStatistics.percentile(95, of: oneToTwenty)), 19.05, accuracy: 1e-12)
        // rank 0.95 * 3 = 2.85 → 30 + 0.85 * (100 - 30)
        XCTAssertEqual(try XCTUnwrap(EvalStatistics.percentile(95, of: [10, 100, 20, 30])), 89.5, accuracy: 1e-12)
        XCTAssertEqual(EvalStatistics.percentile(0, of: [5, 3, 9]), 3)
        XCTAssertEqual(EvalStatistics.percentile(100, of: [5, 3, 9]), 9)
        XCTAssertEqual(EvalStatistics.percentile(95, of: [4]), 4)
        XCTAssertNil(EvalStatistics.percentile(95, of: []))
    }

    func testMeanAndPercent() {
        XCTAssertEqual(EvalStatistics.mean([1, 2, 6]), 3)
        XCTAssertNil(EvalStatistics.mean([]))
        XCTAssertEqual(EvalStatistics.percent(1, of: 8), 12.5)
        XCTAssertEqual(EvalStatistics.percent(0, of: 0), 0)
    }
}

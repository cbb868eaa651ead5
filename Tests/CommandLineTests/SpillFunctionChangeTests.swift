import MLGOReports
import XCTest

/// `SpillCostReport.FunctionChange.largest`: per configuration, the function whose weighted cost
/// moved most from the default's, counting functions only one side spills in.
final class SpillFunctionChangeTests: XCTestCase {
    func testTheLargestChangeOfEachConfigurationWhicheverSideSpills() {
        let costs: [String: [String: Double]] = [
            "default": ["hot": 100, "cold": 3, "gone": 8],
            "fewer": ["hot": 40, "cold": 3],          // hot −60 beats gone −8
            "more": ["hot": 101, "cold": 3, "gone": 8, "new": 25],  // a function only it spills in
            "same": ["hot": 100, "cold": 3, "gone": 8],
            "tie": ["hot": 105, "cold": 3, "gone": 3],  // +5 and −5: the first name in order wins
        ]
        let largest = SpillCostReport.FunctionChange.largest(in: costs, baseline: "default")
        XCTAssertEqual(largest["fewer"], .init(function: "hot", defaultCost: 100, cost: 40))
        XCTAssertEqual(largest["more"], .init(function: "new", defaultCost: 0, cost: 25))
        XCTAssertNil(largest["same"], "nothing changed")
        XCTAssertEqual(largest["tie"]?.function, "gone")
        XCTAssertNil(largest["default"])
        XCTAssertEqual(largest["fewer"]?.change, -60)
    }
}

import MLGOCore
import XCTest

final class SpillCostTests: XCTestCase {
    /// Two function-level remarks (one with a loop-level part, left out) as llc-22 writes them.
    private let remarks = """
    --- !Missed
    Pass:            regalloc
    Name:            SpillReloadCopies
    DebugLoc:        { File: x.c, Line: 3, Column: 5 }
    Function:        hot
    Args:
      - NumSpills:       '2'
      - String:          ' spills '
      - TotalSpillsCost: '1.600000e+01'
      - String:          ' total spills cost '
      - NumReloads:      '3'
      - String:          ' reloads '
      - TotalReloadsCost: '2.400000e+01'
      - String:          ' total reloads cost '
      - String:          generated in loop
    ...
    --- !Missed
    Pass:            regalloc
    Name:            SpillReloadCopies
    Function:        hot
    Args:
      - NumSpills:       '2'
      - TotalSpillsCost: '1.650000e+01'
      - NumReloads:      '3'
      - TotalReloadsCost: '2.500000e+01'
      - NumFoldedReloads: '1'
      - TotalFoldedReloadsCost: '8.000000e+00'
      - NumVRCopies:     '5'
      - TotalCopiesCost: '1.000000e+01'
      - String:          generated in function
    ...
    --- !Missed
    Pass:            regalloc
    Name:            SpillReloadCopies
    Function:        'cold'
    Args:
      - NumVRCopies:     '2'
      - TotalCopiesCost: '2.000000e+00'
      - String:          generated in function
    ...

    """

    func testFunctionRemarksAreReadAndWeightedLikeRegAllocScore() throws {
        let costs = try SpillCost.byFunction(remarks: remarks)
        XCTAssertEqual(Set(costs.keys), ["hot", "cold"])
        let hot = try XCTUnwrap(costs["hot"])
        XCTAssertEqual(hot.spills, 2)
        XCTAssertEqual(hot.reloads, 3)
        XCTAssertEqual(hot.foldedReloads, 1)
        XCTAssertEqual(hot.copies, 5)
        // loads ×4 (25 + 8), stores ×1 (16.5), copies ×0.2 (10): the loop-level remark is not added again.
        XCTAssertEqual(hot.weighted, 4 * 33 + 16.5 + 2, accuracy: 1e-9)
        XCTAssertEqual(costs["cold"]!.weighted, 0.4, accuracy: 1e-9)
        XCTAssertEqual((hot + costs["cold"]!).copies, 7)
        XCTAssertEqual(try SpillCost.byFunction(remarks: ""), [:])
    }

    func testARemarkWithoutAFunctionIsAnError() {
        XCTAssertThrowsError(try SpillCost.byFunction(remarks: "--- !Missed\nName:            SpillReloadCopies\nArgs:\n  - String: generated in function\n..."))
    }

    /// The plugin's MLGOFunctionShape remarks (pass mlgo-evict) share the file with LLVM's
    /// SpillReloadCopies: each reader takes its own, and a value that is not a number is an error.
    func testFunctionShapesAreReadBesideTheSpillCosts() throws {
        let shape = """
        --- !Analysis
        Pass:            mlgo-evict
        Name:            MLGOFunctionShape
        Function:        hot
        Args:
          - String:          function shape before allocation
          - instructions:    '77'
          - loops:           '2'
          - max_block_frequency: '17.219730940032008'
        ...

        """
        let text = shape + remarks
        XCTAssertEqual(try FunctionShape.byFunction(remarks: text),
                       ["hot": FunctionShape(features: ["instructions": 77, "loops": 2, "max_block_frequency": 17.219730940032008])])
        XCTAssertEqual(try SpillCost.byFunction(remarks: text), try SpillCost.byFunction(remarks: remarks))
        XCTAssertEqual(try FunctionShape.byFunction(remarks: remarks), [:], "LLVM's remarks alone: no shapes")
        XCTAssertThrowsError(try FunctionShape.byFunction(remarks: shape.replacingOccurrences(of: "'77'", with: "'many'"))) { error in
            XCTAssertTrue("\(error)".contains("instructions"), "\(error)")
        }
    }
}

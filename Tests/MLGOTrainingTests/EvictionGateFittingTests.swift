import Foundation
import MLGOCore
import MLGOTraining
import XCTest

final class EvictionGateFittingTests: XCTestCase {
    private func row(_ module: String, _ function: String, llvm: Double, policy: Double, loops: Double, size: Double) -> EvictionGateFitting.FunctionOutcome {
        var shape = Dictionary(uniqueKeysWithValues: FunctionShape.featureNames.map { ($0, 1.0) })
        shape["loops"] = loops
        shape["instructions"] = size
        return .init(module: module, function: function, llvm: llvm, policy: policy, shape: shape)
    }

    /// Examples are the functions whose costs differ and that have a shape, labelled 1 where the
    /// policy spills less, weighed by the cost at stake (absolute) or its share of the module's.
    func testExamplesAreTheFunctionsThatDifferWeighedByWhatIsAtStake() {
        var rows = [row("a", "tie", llvm: 5, policy: 5, loops: 0, size: 10),
                    row("a", "policyWins", llvm: 30, policy: 10, loops: 1, size: 10),
                    row("a", "llvmWins", llvm: 5, policy: 9, loops: 0, size: 10),
                    row("b", "alone", llvm: 0, policy: 2, loops: 0, size: 10)]
        rows.append(.init(module: "b", function: "noShape", llvm: 1, policy: 3, shape: [:]))
        let absolute = EvictionGateFitting.dataset(rows, weighting: .absolute)
        XCTAssertEqual(absolute.count, 3)
        XCTAssertEqual(absolute.decisions, [1, 0, 0])
        XCTAssertEqual(absolute.weights, [20, 4, 2])
        XCTAssertEqual(absolute.featureNames, FunctionShape.featureNames)
        let module = EvictionGateFitting.dataset(rows, weighting: .module)
        // Module a costs 40 under LLVM; module b 1 (its only cost is the function without a shape),
        // so its example weighs its saving over at least that saving: 1.
        XCTAssertEqual(module.weights, [0.5, 0.1, 1])
    }

    /// Where the better allocator follows the shape, the fitted gate finds it: on the training
    /// rows and on unseen ones it reaches the per-function best, and the plugin's rule (a
    /// positive logit gives the policy) is what gatedCost applies.
    func testAGateLearnsAChoiceThatFollowsTheShape() throws {
        var rows: [EvictionGateFitting.FunctionOutcome] = []
        for index in 0..<60 {
            let loops = Double(index % 3), size = Double(10 + index)
            rows.append(row("m\(index % 5)", "f\(index)", llvm: 100, policy: loops > 0 ? 80 : 120, loops: loops, size: size))
        }
        let result = try EvictionGateFitting.fit(rows, weighting: .module, hiddenLayers: [], epochs: 1000, seed: 1, name: "test-gate")
        XCTAssertEqual(result.policy.decision, "eviction_gate")
        XCTAssertEqual(result.trainingAgreement, 1)
        let best = rows.reduce(0) { $0 + min($1.llvm, $1.policy) }
        XCTAssertEqual(EvictionGateFitting.gatedCost(rows, gate: result.policy), best)
        let unseen = [row("new", "loopy", llvm: 50, policy: 40, loops: 4, size: 500),
                      row("new", "straight", llvm: 50, policy: 60, loops: 0, size: 3)]
        XCTAssertEqual(EvictionGateFitting.gatedCost(unseen, gate: result.policy), 90)
        XCTAssertThrowsError(try EvictionGateFitting.fit([rows[0]].map { var tie = $0; tie.policy = tie.llvm; return tie },
                                                        weighting: .module, hiddenLayers: [], epochs: 1, seed: 1, name: "none"))
    }

    /// A table line that is not a function outcome is refused with its line number.
    func testAMalformedTableIsRefusedWithItsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gate-table-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try EvictionGateFitting.writeTable([row("a", "f", llvm: 1, policy: 2, loops: 0, size: 3)], to: url)
        XCTAssertEqual(try EvictionGateFitting.readTable(url).count, 1)
        try (String(contentsOf: url, encoding: .utf8) + "{\"module\": 3}\n").write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EvictionGateFitting.readTable(url)) { XCTAssertTrue("\($0)".contains("line 2"), "\($0)") }
    }
}

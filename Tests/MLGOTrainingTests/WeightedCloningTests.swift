import MLGOCore
@testable import MLGOTraining
import XCTest

/// Row weights decide conflicts: the same callsite features labelled both ways are fitted to the
/// label that weighs more (distillation weighs each decision by the bytes it is worth).
final class WeightedCloningTests: XCTestCase {
    private func conflictingRows(weightOfInline: Float, weightOfNotInline: Float) -> DecisionDataset {
        var rows = DecisionDataset(featureNames: ["threshold", "cost_estimate"])
        for value in 0..<40 {
            for (label, weight) in [(Float(1), weightOfInline), (0, weightOfNotInline)] {
                rows.features += [Float(value % 7), Float(value)]
                rows.defaultDecisions.append(0)
                rows.decisions.append(label)
                rows.probabilities.append(1)
                rows.modules.append("m\(value % 3)")
                rows.weights.append(weight)
            }
        }
        return rows
    }

    func testTheHeavierLabelWins() throws {
        var configuration = BehaviourCloning.Configuration()
        configuration.target = .taken
        configuration.epochs = 30
        configuration.differences = []
        for (inline, notInline) in [(Float(9), Float(1)), (1, 9)] {
            let rows = conflictingRows(weightOfInline: inline, weightOfNotInline: notInline)
            let policy = try BehaviourCloning.fit(rows, configuration: configuration).policy
            let inlines = (0..<rows.count).filter { policy.logits(raw: Array(rows.selecting(features: policy.features).row($0)))[0] > 0 }.count
            if inline > notInline {
                XCTAssertEqual(inlines, rows.count, "weight 9 to inline must win everywhere")
            } else {
                XCTAssertEqual(inlines, 0, "weight 9 to not inline must win everywhere")
            }
        }
    }
}

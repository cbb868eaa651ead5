import Foundation
import MLGOCore
import XCTest

@testable import MLGOTraining

final class PolicyGradientTests: XCTestCase {
    private func objective(_ logit: Double, _ decision: PolicyGradient.Decision, _ configuration: PolicyGradient.Configuration) -> Double {
        let p = 1 / (1 + exp(-logit))
        let probability = decision.action > 0.5 ? p : 1 - p
        let ratio = probability / Double(decision.behaviourProbability)
        let advantage = Double(decision.advantage)
        let clip = Double(configuration.clip)
        let surrogate = min(ratio * advantage, min(max(ratio, 1 - clip), 1 + clip) * advantage)
        let entropy = -p * log(p) - (1 - p) * log(1 - p)
        return surrogate + Double(configuration.entropyBonus) * entropy
    }

    func testGradientMatchesFiniteDifferences() {
        var configuration = PolicyGradient.Configuration()
        configuration.entropyBonus = 0.05
        for (logit, action, behaviour, advantage) in [(0.3, 1.0, 0.55, 1.2), (-1.0, 0.0, 0.7, -0.8), (2.0, 1.0, 0.9, 0.5),
                                                       (0.0, 0.0, 0.5, 2.0), (-0.5, 1.0, 0.4, -1.5)] {
            let decision = PolicyGradient.Decision(inputs: [], action: Float(action), behaviourProbability: Float(behaviour),
                                                   advantage: Float(advantage))
            let h = 1e-4
            let numeric = -(objective(logit + h, decision, configuration) - objective(logit - h, decision, configuration)) / (2 * h)
            let analytic = Double(PolicyGradient.lossGradient(logit: Float(logit), decision: decision, configuration: configuration))
            XCTAssertEqual(analytic, numeric, accuracy: 1e-3, "logit \(logit) action \(action)")
        }
    }

    func testClippedDecisionsOnlyFeelTheEntropyBonus() {
        var configuration = PolicyGradient.Configuration()
        configuration.entropyBonus = 0
        // The policy already made the favoured action far likelier than the behaviour did.
        let decision = PolicyGradient.Decision(inputs: [], action: 1, behaviourProbability: 0.2, advantage: 1)
        XCTAssertEqual(PolicyGradient.lossGradient(logit: 3, decision: decision, configuration: configuration), 0)
        XCTAssertLessThan(PolicyGradient.lossGradient(logit: -3, decision: decision, configuration: configuration), 0)
    }

    func testAdvantagesAreCentredPerModuleAndScaled() {
        let advantages = PolicyGradient.advantages(rewards: [[0.1, 0.3], [-0.2, -0.2, -0.2], [0.0, 0.5]])
        XCTAssertEqual(advantages[1], [0, 0, 0])
        XCTAssertEqual(advantages[0][0], -advantages[0][1], accuracy: 1e-6)
        XCTAssertLessThan(advantages[0][0], 0)
        XCTAssertGreaterThan(advantages[2][1], advantages[0][1])
    }

    func testUpdateMovesTowardsRewardedActions() {
        var generator = SplitMix64(seed: 3)
        let layers = NetworkTrainer.initialLayers(inputCount: 2, hidden: [8], outputCount: 1, generator: &generator)
        var trainer = NetworkTrainer(layers: layers, learningRate: 0.01)
        // Inlining (action 1) is rewarded when the first input is high, punished when low.
        let decisions = (0..<400).map { index -> PolicyGradient.Decision in
            let high = index % 2 == 0
            let action: Float = index % 4 < 2 ? 1 : 0
            let good = (high && action == 1) || (!high && action == 0)
            return PolicyGradient.Decision(inputs: [high ? 1 : 0, 0.5], action: action, behaviourProbability: 0.5,
                                           advantage: good ? 1 : -1)
        }
        var configuration = PolicyGradient.Configuration()
        configuration.learningRate = 0.01
        for iteration in 0..<5 { PolicyGradient.update(&trainer, decisions: decisions, configuration: configuration, iteration: iteration) }
        let policy = Policy(name: "t", decision: "inlining_decision", features: ["a", "b"],
                            inputs: [.init(feature: 0, normalization: .linear(offset: 0, scale: 1)),
                                     .init(feature: 1, normalization: .linear(offset: 0, scale: 1))],
                            layers: trainer.layers)
        XCTAssertGreaterThan(policy.logits(raw: [1, 0.5])[0], policy.logits(raw: [0, 0.5])[0])
    }
}

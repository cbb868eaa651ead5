import MLGOCore
import XCTest

@testable import MLGOTraining

final class EvolutionStrategiesTests: XCTestCase {
    func testCentredRanksIgnoreScale() {
        XCTAssertEqual(EvolutionStrategies.centredRanks([10, -3, 1e9]), [0, -0.5, 0.5])
        XCTAssertEqual(EvolutionStrategies.centredRanks([1]), [0])
    }

    func testTiedFitnessesShareTheirAverageRank() {
        XCTAssertEqual(EvolutionStrategies.centredRanks([0.25, 0.25, 0.25, 0.25]), [0, 0, 0, 0])
        XCTAssertEqual(EvolutionStrategies.centredRanks([2, 1, 2, 3]), [0, -0.5, 0, 0.5])
        // Rounding noise in a mean of equal rewards is a tie, not an order.
        XCTAssertEqual(EvolutionStrategies.centredRanks([0.1 + 0.2, 0.3, -1]), [0.25, 0.25, -0.5])
    }

    /// A step whose fitness has no spread: no parameter moves, Adam's state stays as it was, the
    /// step still counts.
    func testAllTiedFitnessLeavesParametersAndOptimizerAlone() throws {
        var state = try steppedOnce()
        let before = state
        let noise = EvolutionStrategies.perturbations(step: 1, count: 3, pairs: 2, seed: 5)
        EvolutionStrategies.update(&state, noise: noise, fitness: [0.01, 0.01, 0.01, 0.01], sigma: 0.1)
        XCTAssertEqual(state.parameters, before.parameters)
        XCTAssertEqual(state.optimizer.stepCount, before.optimizer.stepCount)
        XCTAssertEqual(state.optimizer.firstMoments, before.optimizer.firstMoments)
        XCTAssertEqual(state.optimizer.secondMoments, before.optimizer.secondMoments)
        XCTAssertEqual(state.step, before.step + 1)
    }

    /// Every antithetic pair tied (the pairs differ from each other): the estimate is exactly
    /// zero, so Adam's momentum must not carry the parameters on by itself.
    func testEveryPairTiedLeavesParametersAlone() throws {
        var state = try steppedOnce()
        let before = state
        let noise = EvolutionStrategies.perturbations(step: 1, count: 3, pairs: 2, seed: 5)
        XCTAssertNil(EvolutionStrategies.gradient(noise: noise, fitness: [0.2, 0.2, -0.1, -0.1], sigma: 0.1))
        EvolutionStrategies.update(&state, noise: noise, fitness: [0.2, 0.2, -0.1, -0.1], sigma: 0.1)
        XCTAssertEqual(state.parameters, before.parameters)
        XCTAssertEqual(state.optimizer.stepCount, before.optimizer.stepCount)
        XCTAssertEqual(state.step, before.step + 1)
    }

    /// One antithetic pair tied, the other not: the tied pair adds nothing to the estimate, and
    /// the step follows the better side of the other pair.
    func testATiedPairAddsNothingAndTheOtherPairSteers() throws {
        let noise = EvolutionStrategies.perturbations(step: 0, count: 3, pairs: 2, seed: 5)
        let sigma: Float = 0.1
        // Ranks: 1 → 0, 2 → 1, the tied 3s → 2.5; centred over 3: pair 1 weight 0, pair 2 −1/3.
        let gradient = try XCTUnwrap(EvolutionStrategies.gradient(noise: noise, fitness: [3, 3, 1, 2], sigma: sigma))
        for k in 0..<3 { XCTAssertEqual(gradient[k], -noise[1][k] / 3 / (4 * sigma), accuracy: 1e-6) }

        var state = EvolutionStrategies.State(parameters: [0, 0, 0], configuration: .init())
        EvolutionStrategies.update(&state, noise: noise, fitness: [3, 3, 1, 2], sigma: sigma)
        // Candidate 4 (θ − σε₂) beat candidate 3 (θ + σε₂): every parameter moves against ε₂.
        for k in 0..<3 { XCTAssertEqual(state.parameters[k].sign, (-noise[1][k]).sign) }
        XCTAssertEqual(state.optimizer.stepCount, 1)
    }

    /// Some candidates tied with others outside their pair: the step is taken.
    func testSomeTiedFitnessStillSteps() throws {
        let noise = EvolutionStrategies.perturbations(step: 0, count: 3, pairs: 2, seed: 5)
        let sigma: Float = 0.1
        // Three tied at average rank 1 (centred −1/6), the best at 0.5: pair 1 weighs 2/3, pair 2 nothing.
        let gradient = try XCTUnwrap(EvolutionStrategies.gradient(noise: noise, fitness: [1, 0, 0, 0], sigma: sigma))
        for k in 0..<3 { XCTAssertEqual(gradient[k], noise[0][k] * 2 / 3 / (4 * sigma), accuracy: 1e-6) }

        var state = EvolutionStrategies.State(parameters: [0, 0, 0], configuration: .init())
        EvolutionStrategies.update(&state, noise: noise, fitness: [1, 0, 0, 0], sigma: sigma)
        XCTAssertEqual(state.optimizer.stepCount, 1)
        for k in 0..<3 { XCTAssertEqual(state.parameters[k].sign, noise[0][k].sign) }
    }

    /// A state after one real step, so Adam's moments are not zero.
    private func steppedOnce() throws -> EvolutionStrategies.State {
        var state = EvolutionStrategies.State(parameters: [0.5, -0.25, 1], configuration: .init())
        let noise = EvolutionStrategies.perturbations(step: 0, count: 3, pairs: 2, seed: 5)
        EvolutionStrategies.update(&state, noise: noise, fitness: [0.3, 0.1, 0.2, 0.0], sigma: 0.1)
        XCTAssertEqual(state.optimizer.stepCount, 1)
        XCTAssertNotEqual(state.optimizer.firstMoments, [0, 0, 0])
        return state
    }

    func testPerturbationsRepeatPerStepAndDifferAcrossSteps() {
        let a = EvolutionStrategies.perturbations(step: 3, count: 10, pairs: 2, seed: 9)
        XCTAssertEqual(a, EvolutionStrategies.perturbations(step: 3, count: 10, pairs: 2, seed: 9))
        XCTAssertNotEqual(a, EvolutionStrategies.perturbations(step: 4, count: 10, pairs: 2, seed: 9))
    }

    func testClimbsAQuadraticToItsTop() {
        var configuration = EvolutionStrategies.Configuration()
        configuration.sigma = 0.05
        configuration.learningRate = 0.05
        configuration.pairs = 8
        let target: [Float] = [0.5, -1, 2, 0]
        var state = EvolutionStrategies.State(parameters: [0, 0, 0, 0], configuration: configuration)
        func fitness(_ x: [Float]) -> Double { -Double(zip(x, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }) }
        let before = fitness(state.parameters)
        for step in 0..<300 {
            let noise = EvolutionStrategies.perturbations(step: step, count: 4, pairs: configuration.pairs, seed: 1)
            let candidates = EvolutionStrategies.candidates(state, noise, sigma: configuration.sigma)
            EvolutionStrategies.update(&state, noise: noise, fitness: candidates.map(fitness), sigma: configuration.sigma)
        }
        XCTAssertEqual(state.step, 300)
        XCTAssertGreaterThan(fitness(state.parameters), before * 0.01, "\(state.parameters)")
    }

    func testAdamResumesFromItsCodedState() throws {
        var a = AdamOptimizer(parameterCount: 3, learningRate: 0.1)
        var x: [Float] = [1, 2, 3]
        a.descend(&x, gradient: [1, -1, 0.5])
        var b = try JSONDecoder().decode(AdamOptimizer.self, from: try JSONEncoder().encode(a))
        var y = x
        a.descend(&x, gradient: [0.2, 0.2, 0.2])
        b.descend(&y, gradient: [0.2, 0.2, 0.2])
        XCTAssertEqual(x, y)
    }

    func testFlattenedParametersRoundTrip() {
        var generator = SplitMix64(seed: 4)
        let layers = NetworkTrainer.initialLayers(inputCount: 5, hidden: [3], outputCount: 1, generator: &generator)
        let policy = Policy(name: "p", decision: "inlining_decision", features: ["a"],
                            inputs: (0..<5).map { _ in .init(feature: 0, normalization: .signedLog) }, layers: layers)
        let flat = PolicyParameters.flatten(policy)
        XCTAssertEqual(flat.count, policy.parameterCount)
        XCTAssertEqual(PolicyParameters.policy(policy, with: flat), policy)
    }
}

/// The eviction reward: the share of LLVM's spill cost a policy saves, floored at −1 (cost
/// doubled), and, where LLVM spills nothing, 0 for spilling nothing and the floor for any spill.
final class SpillRewardTests: XCTestCase {
    func testRewardIsTheShareOfLLVMsCostSavedWithAFloor() {
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 90, baseline: 100), 0.1, accuracy: 1e-12)
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 100, baseline: 100), 0)
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 150, baseline: 100), -0.5, accuracy: 1e-12)
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 1_000, baseline: 100), SpillRewardEvaluator.rewardFloor)
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 0, baseline: 100), 1)
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 0, baseline: 0), 0)
        XCTAssertEqual(SpillRewardEvaluator.reward(cost: 0.2, baseline: 0), SpillRewardEvaluator.rewardFloor)
    }
}

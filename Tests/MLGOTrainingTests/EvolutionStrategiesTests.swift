import MLGOCore
import XCTest

@testable import MLGOTraining

final class EvolutionStrategiesTests: XCTestCase {
    func testCentredRanksIgnoreScale() {
        XCTAssertEqual(EvolutionStrategies.centredRanks([10, -3, 1e9]), [0, -0.5, 0.5])
        XCTAssertEqual(EvolutionStrategies.centredRanks([1]), [0])
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

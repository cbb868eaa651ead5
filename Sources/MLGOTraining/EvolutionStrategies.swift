import Foundation
import MLGOCore

/// Evolution strategies over a policy's flat parameter vector: antithetic Gaussian
/// perturbations, centred-rank fitness shaping, Adam ascent (Salimans et al. 2017, as
/// ml-compiler-opt's blackbox trainers do).
public enum EvolutionStrategies {
    public struct Configuration: Codable, Sendable, Equatable {
        /// Antithetic pairs per step: 2 × pairs perturbed policies are compiled.
        public var pairs = 8
        /// Perturbation scale (parameters are of order 0.1–1).
        public var sigma: Float = 0.02
        public var learningRate: Float = 0.005
        public var seed: UInt64 = 1
        public init() {}
    }

    /// Everything a run needs to continue exactly where it stopped.
    public struct State: Codable, Sendable {
        public var step: Int
        public var parameters: [Float]
        public var optimizer: AdamOptimizer

        public init(parameters: [Float], configuration: Configuration) {
            step = 0
            self.parameters = parameters
            optimizer = AdamOptimizer(parameterCount: parameters.count, learningRate: configuration.learningRate)
        }
    }

    /// The perturbations of step `step`: the same for the same seed and step, so a resumed run
    /// repeats what an uninterrupted one would have done.
    public static func perturbations(step: Int, count: Int, pairs: Int, seed: UInt64) -> [[Float]] {
        var generator = SplitMix64(seed: seed &+ UInt64(step) &* 0x9e37_79b9_7f4a_7c15)
        return (0..<pairs).map { _ in (0..<count).map { _ in Float(generator.nextGaussian()) } }
    }

    /// The 2 × pairs parameter vectors to evaluate: θ + σε₁, θ − σε₁, θ + σε₂, …
    public static func candidates(_ state: State, _ noise: [[Float]], sigma: Float) -> [[Float]] {
        noise.flatMap { epsilon in
            [zip(state.parameters, epsilon).map { $0 + sigma * $1 }, zip(state.parameters, epsilon).map { $0 - sigma * $1 }]
        }
    }

    /// Centred ranks in [−0.5, 0.5]: only the order of fitnesses matters, so one outlier module
    /// cannot dominate a step.
    public static func centredRanks(_ fitness: [Double]) -> [Float] {
        guard fitness.count > 1 else { return fitness.map { _ in 0 } }
        let order = fitness.indices.sorted { fitness[$0] < fitness[$1] }
        var ranks = [Float](repeating: 0, count: fitness.count)
        for (rank, index) in order.enumerated() { ranks[index] = Float(rank) / Float(fitness.count - 1) - 0.5 }
        return ranks
    }

    /// Updates `state` from the fitness of each candidate (candidates' order; higher is better).
    public static func update(_ state: inout State, noise: [[Float]], fitness: [Double], sigma: Float) {
        precondition(fitness.count == 2 * noise.count)
        let shaped = centredRanks(fitness)
        var gradient = [Float](repeating: 0, count: state.parameters.count)
        for (pair, epsilon) in noise.enumerated() {
            let weight = shaped[2 * pair] - shaped[2 * pair + 1]
            for k in gradient.indices { gradient[k] += weight * epsilon[k] }
        }
        // Ascent: Adam descends, so hand it the negated estimate.
        let scale = -1 / (Float(fitness.count) * sigma)
        state.optimizer.descend(&state.parameters, gradient: gradient.map { $0 * scale })
        state.step += 1
    }
}

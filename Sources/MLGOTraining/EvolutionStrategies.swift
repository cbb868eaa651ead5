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

    /// Fitnesses closer than this are tied: means of equal rewards may differ in the last bits.
    static let tieTolerance = 1e-12

    /// Centred ranks in [−0.5, 0.5]: only the order of fitnesses matters, so one outlier module
    /// cannot dominate a step. Tied fitnesses share their average rank, so candidates that did
    /// equally well weigh equally (all tied: all 0).
    public static func centredRanks(_ fitness: [Double]) -> [Float] {
        guard fitness.count > 1 else { return fitness.map { _ in 0 } }
        let order = fitness.indices.sorted { fitness[$0] < fitness[$1] }
        var ranks = [Float](repeating: 0, count: fitness.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, fitness[order[end]] - fitness[order[end - 1]] <= tieTolerance { end += 1 }
            let averageRank = Float(start + end - 1) / 2
            for index in order[start..<end] { ranks[index] = averageRank / Float(fitness.count - 1) - 0.5 }
            start = end
        }
        return ranks
    }

    /// The ascent direction estimated from each candidate's fitness (candidates' order; higher
    /// is better), or nil when no antithetic pair differs: such a step carries no evidence.
    public static func gradient(noise: [[Float]], fitness: [Double], sigma: Float) -> [Float]? {
        precondition(fitness.count == 2 * noise.count)
        let shaped = centredRanks(fitness)
        let weights = noise.indices.map { shaped[2 * $0] - shaped[2 * $0 + 1] }
        guard weights.contains(where: { $0 != 0 }) else { return nil }
        var gradient = [Float](repeating: 0, count: noise.first?.count ?? 0)
        for (weight, epsilon) in zip(weights, noise) where weight != 0 {
            for k in gradient.indices { gradient[k] += weight * epsilon[k] }
        }
        let scale = 1 / (Float(fitness.count) * sigma)
        return gradient.map { $0 * scale }
    }

    /// Updates `state` from the fitness of each candidate (candidates' order; higher is better).
    /// A step without evidence (see `gradient`) leaves parameters and Adam's moments alone —
    /// otherwise Adam would turn rank noise or stale momentum into a full-size step — but still
    /// counts, so the step's module sample and perturbations stay tied to its number.
    public static func update(_ state: inout State, noise: [[Float]], fitness: [Double], sigma: Float) {
        if let gradient = gradient(noise: noise, fitness: fitness, sigma: sigma) {
            // Ascent: Adam descends, so hand it the negated estimate.
            state.optimizer.descend(&state.parameters, gradient: gradient.map { -$0 })
        }
        state.step += 1
    }
}

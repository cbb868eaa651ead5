import Foundation
import MLGOCore

/// Proximal policy optimisation for binary decisions (Schulman et al. 2017). Every decision of a
/// compiled module shares that module's advantage; the behaviour probability of each decision
/// is the one the plugin logged when it sampled it.
public enum PolicyGradient {
    public struct Configuration: Codable, Sendable, Equatable {
        /// Clip range of the probability ratio.
        public var clip: Float = 0.2
        /// Weight of the entropy bonus (keeps exploring).
        public var entropyBonus: Float = 0.001
        public var learningRate: Float = 3e-4
        /// Passes over each iteration's decisions.
        public var epochs = 4
        public var batchSize = 256
        public var seed: UInt64 = 1
        public init() {}
    }

    /// One sampled decision: normalised network inputs, the action taken, the behaviour
    /// probability of that action, and its advantage.
    public struct Decision: Sendable {
        public var inputs: [Float]
        public var action: Float
        public var behaviourProbability: Float
        public var advantage: Float
        public init(inputs: [Float], action: Float, behaviourProbability: Float, advantage: Float) {
            self.inputs = inputs
            self.action = action
            self.behaviourProbability = behaviourProbability
            self.advantage = advantage
        }
    }

    /// d(loss)/d(logit) of the clipped surrogate with entropy bonus, for one decision whose
    /// policy logit is `logit`; loss = −(min(r·A, clip(r)·A) + β·H).
    public static func lossGradient(logit: Float, decision: Decision, configuration: Configuration) -> Float {
        let p = 1 / (1 + exp(-logit))
        let probability = decision.action > 0.5 ? p : 1 - p
        let ratio = probability / max(decision.behaviourProbability, 1e-6)
        let advantage = decision.advantage
        // The clipped branch is flat: no gradient when the ratio has moved past the clip in the
        // direction the advantage favours.
        let clipped = (advantage > 0 && ratio > 1 + configuration.clip) || (advantage < 0 && ratio < 1 - configuration.clip)
        // d log π(a) / d logit = a − p; d r / d logit = r · (a − p).
        let surrogate: Float = clipped ? 0 : advantage * ratio * (decision.action - p)
        // H = −p log p − (1−p) log(1−p); dH/dlogit = −logit · p · (1 − p).
        let entropy = -logit * p * (1 - p)
        return -(surrogate + configuration.entropyBonus * entropy)
    }

    /// Runs `configuration.epochs` passes of minibatch updates over `decisions`.
    public static func update(_ trainer: inout NetworkTrainer, decisions: [Decision], configuration: Configuration,
                              iteration: Int) {
        var generator = SplitMix64(seed: configuration.seed ^ 0x99 ^ UInt64(iteration))
        var order = Array(decisions.indices)
        for _ in 0..<configuration.epochs {
            order.shuffle(using: &generator)
            for start in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let batch = Array(order[start..<min(start + configuration.batchSize, order.count)])
                trainer.step(inputs: batch.map { decisions[$0].inputs }) { sample, logits in
                    [lossGradient(logit: logits[0], decision: decisions[batch[sample]], configuration: configuration)]
                }
            }
        }
    }

    /// Per-module advantages: each sample's reward minus the mean reward of that module's
    /// samples (a baseline that needs no value network), divided by the spread of all of them.
    public static func advantages(rewards: [[Double]]) -> [[Float]] {
        let centred = rewards.map { samples -> [Double] in
            let mean = samples.reduce(0, +) / Double(max(samples.count, 1))
            // Samples that all reached the same size teach nothing: exactly zero, not rounding noise.
            return samples.map { abs($0 - mean) < 1e-12 ? 0 : $0 - mean }
        }
        let all = centred.flatMap { $0 }
        let spread = (all.reduce(0) { $0 + $1 * $1 } / Double(max(all.count, 1))).squareRoot()
        return centred.map { $0.map { Float(spread > 1e-12 ? $0 / spread : 0) } }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

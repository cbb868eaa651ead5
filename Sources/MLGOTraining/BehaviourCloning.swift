import Foundation
import MLGOCore

/// Fits a policy to the decisions of traces (cross-entropy, Adam): to LLVM's heuristic
/// decisions (`inlining_default`) for the warm start every other trainer begins from, or to the
/// decisions taken (`inlining_decision`) to imitate the best trajectories a search found.
public enum BehaviourCloning {
    /// Which decision of each trace row the policy learns.
    public enum Target: String, Codable, Sendable, CaseIterable {
        /// LLVM's heuristic decision (`inlining_default`).
        case heuristic
        /// The decision the compile took (`inlining_decision`).
        case taken
    }

    public struct Configuration: Sendable {
        public var target = Target.heuristic
        public var policyName = "inline-oz"
        /// The advice the policy gives (a binary decision either way).
        public var decision = InliningTrace.decision
        public var hiddenLayers = [32, 32]
        public var epochs = 60
        public var batchSize = 64
        public var learningRate: Float = 3e-3
        public var weightDecay: Float = 0
        public var inputs = InputNormalization.Scheme.quantilesAndSignedLog
        /// Feature differences given to the network as inputs of their own. LLVM's inliner
        /// inlines when its cost is below its threshold: the margin is the one quantity the
        /// heuristic's decision depends on most, and an MLP learns it poorly from the two
        /// features apart.
        public var differences: [(String, String)] = [("threshold", "cost_estimate")]
        public var maximumQuantiles = 64
        public var seed: UInt64 = 1
        public init() {}
    }

    public struct Result: Sendable {
        public var policy: Policy
        /// Fraction of training rows whose greedy decision equals the target's.
        public var trainingAgreement: Double
        /// Mean cross-entropy per epoch.
        public var lossHistory: [Double]
    }

    public static func fit(_ dataset: DecisionDataset, configuration: Configuration,
                           progress: ((Int, Double) -> Void)? = nil) throws -> Result {
        guard dataset.count > 0 else { throw MLGOError.invalidArgument("no decisions to learn from") }
        let (features, policyInputs) = InputNormalization.fit(
            dataset, scheme: configuration.inputs, differences: configuration.differences,
            maximumQuantiles: configuration.maximumQuantiles)
        guard !features.isEmpty else { throw MLGOError.invalidArgument("every feature is constant in the traces") }
        let data = dataset.selecting(features: features)
        var generator = SplitMix64(seed: configuration.seed)
        var policy = Policy(name: configuration.policyName, decision: configuration.decision,
                            features: features, inputs: policyInputs, layers: [])
        let inputs = (0..<data.count).map { policy.normalizedInputs(raw: Array(data.row($0))) }
        let targets = data.targets(configuration.target)
        // Row weights scaled to mean 1, so that the learning rate means the same with or without them.
        let meanWeight = data.weights.reduce(0, +) / Float(max(data.count, 1))
        let weights = data.weights.map { $0 / max(meanWeight, .leastNormalMagnitude) }

        var trainer = NetworkTrainer(
            layers: NetworkTrainer.initialLayers(inputCount: policyInputs.count, hidden: configuration.hiddenLayers,
                                                 outputCount: 1, generator: &generator),
            learningRate: configuration.learningRate, weightDecay: configuration.weightDecay)
        var order = Array(0..<data.count)
        var lossHistory: [Double] = []
        for epoch in 0..<configuration.epochs {
            order.shuffle(using: &generator)
            var epochLoss = 0.0
            for start in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let batch = Array(order[start..<min(start + configuration.batchSize, order.count)])
                trainer.step(inputs: batch.map { inputs[$0] }) { sample, logits in
                    let y = targets[batch[sample]]
                    let w = weights[batch[sample]]
                    let z = logits[0]
                    epochLoss += Double(w * (max(z, 0) - z * y + log1p(exp(-abs(z)))))
                    return [w * (1 / (1 + exp(-z)) - y)]
                }
            }
            lossHistory.append(epochLoss / Double(data.count))
            progress?(epoch + 1, lossHistory.last!)
        }
        policy.layers = trainer.layers
        let agreeing = (0..<data.count).filter { index in
            (policy.logits(raw: Array(data.row(index)))[0] > 0) == (targets[index] > 0.5)
        }.count
        return Result(policy: policy, trainingAgreement: Double(agreeing) / Double(data.count),
                      lossHistory: lossHistory)
    }

    /// Fraction of rows of `dataset` on which `policy` decides as `target` did.
    public static func agreement(of policy: Policy, on dataset: DecisionDataset, target: Target = .heuristic) -> Double {
        guard dataset.count > 0 else { return 0 }
        let data = dataset.selecting(features: policy.features)
        let targets = data.targets(target)
        let agreeing = (0..<data.count).filter { index in
            (policy.logits(raw: Array(data.row(index)))[0] > 0) == (targets[index] > 0.5)
        }.count
        return Double(agreeing) / Double(data.count)
    }
}

extension DecisionDataset {
    /// The per-row labels `target` names.
    func targets(_ target: BehaviourCloning.Target) -> [Float] {
        switch target {
        case .heuristic: defaultDecisions
        case .taken: decisions
        }
    }
}

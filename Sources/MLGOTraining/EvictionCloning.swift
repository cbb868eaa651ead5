import Foundation
import MLGOCore

/// Behaviour cloning of LLVM's default eviction advisor into a per-candidate scorer: the
/// plugin's train mode without a policy lets LLVM decide and traces, for every decision, the
/// candidates' features and the slot LLVM chose (`llvm_index_to_evict`). The scorer is fit
/// with the cross-entropy of the masked softmax over the valid slots, the same softmax the
/// plugin samples from, so its greedy argmax is the cloned choice.
public enum EvictionCloning {
    /// One decision: the raw features of each valid slot, and which of them is the target.
    public struct Example: Sendable {
        public var rows: [[Float]]
        /// Index into `rows`.
        public var chosen: Int
    }

    public struct Dataset: Sendable {
        public var featureNames: [String]
        public var examples: [Example]
        /// Decisions read but left out: LLVM's choice was not a valid slot, or only one slot was valid.
        public var skipped: Int
    }

    /// Every slot feature LLVM offers (bar `mask`, 1 on every valid slot), `progress`, and the
    /// plugin's `evicts_nothing`.
    public static let defaultFeatures: [String] =
        EvictionTrace.slotFeatures.map(\.name).filter { $0 != "mask" } + [EvictionTrace.progress, EvictionTrace.evictsNothing]
    /// The default features and LLVM's own choice (`llvm_choice`), for a policy that learns
    /// where to depart from LLVM; the plugin then asks LLVM's advisor at every decision.
    public static let featuresWithLLVMChoice = defaultFeatures + [EvictionTrace.llvmChoice]

    /// Which slot an example teaches.
    public enum Target: String, Sendable, CaseIterable {
        /// LLVM's default advisor's (`llvm_index_to_evict`): behaviour cloning of LLVM.
        case llvm
        /// The one the compile took (`index_to_evict`): cloning the trajectories kept, e.g. the
        /// best configuration of each function (BC-Max).
        case taken
    }

    /// The decisions of train-mode traces. `maximumDecisions` keeps a seeded uniform sample, so
    /// that a large corpus fits in memory; `includeContext(log, context)` selects the machine
    /// functions to learn from.
    public static func dataset(from logs: [TrainingLog], features: [String] = defaultFeatures, target: Target = .llvm,
                               maximumDecisions: Int? = nil, seed: UInt64 = 1,
                               includeContext: (Int, String) -> Bool = { _, _ in true }) throws -> Dataset {
        var examples: [Example] = []
        var skipped = 0
        for (logIndex, log) in logs.enumerated() {
            let reader = try EvictionTrace.Reader(log)
            guard reader.hasLLVMDecisions || target == .taken else {
                throw MLGOError.malformed("eviction trace", "has no '\(EvictionTrace.llvmDecision)': write it with -mlgo-evict-mode=train")
            }
            for context in log.contexts where includeContext(logIndex, context.name) {
                for observation in 0..<context.observationCount {
                    let decision = reader.decision(observation, in: context)
                    let slot = target == .llvm ? decision.llvmSlot : decision.chosenSlot
                    guard let slot, decision.validSlots.count > 1,
                          let chosen = decision.validSlots.firstIndex(of: slot) else {
                        skipped += 1
                        continue
                    }
                    let rows = try reader.candidateRows(features: features, slots: decision.validSlots,
                                                        observation: observation, in: context)
                    examples.append(Example(rows: rows, chosen: chosen))
                }
            }
        }
        if let maximumDecisions, examples.count > maximumDecisions {
            var generator = SplitMix64(seed: seed)
            examples.shuffle(using: &generator)
            examples.removeLast(examples.count - maximumDecisions)
        }
        return Dataset(featureNames: features, examples: examples, skipped: skipped)
    }

    public struct Configuration: Sendable {
        public var policyName = "evict-o2"
        public var hiddenLayers = [32]
        public var epochs = 12
        /// Decisions per step (each brings all its valid slots).
        public var batchSize = 32
        public var learningRate: Float = 3e-3
        public var inputs = InputNormalization.Scheme.quantilesAndSignedLog
        public var maximumQuantiles = 32
        public var seed: UInt64 = 1
        public init() {}
    }

    public struct Result: Sendable {
        public var policy: Policy
        /// Share of the training decisions where the policy's greedy choice is LLVM's.
        public var trainingAgreement: Double
        /// Mean cross-entropy per decision, per epoch.
        public var lossHistory: [Double]
    }

    public static func fit(_ dataset: Dataset, configuration: Configuration,
                           progress: ((Int, Double) -> Void)? = nil) throws -> Result {
        guard !dataset.examples.isEmpty else { throw MLGOError.invalidArgument("no eviction decisions with LLVM's choice to learn from") }
        // Normalisation is fit on candidate rows, the scorer's inputs.
        var rows = DecisionDataset(featureNames: dataset.featureNames)
        for example in dataset.examples {
            for row in example.rows {
                rows.features += row
                rows.decisions.append(0)
                rows.defaultDecisions.append(0)
                rows.probabilities.append(1)
                rows.modules.append("")
                rows.weights.append(1)
            }
        }
        let (features, policyInputs) = InputNormalization.fit(rows, scheme: configuration.inputs,
                                                             maximumQuantiles: configuration.maximumQuantiles)
        guard !features.isEmpty else { throw MLGOError.invalidArgument("every eviction feature is constant in the traces") }
        var policy = Policy(name: configuration.policyName, decision: EvictionTrace.decision,
                            features: features, inputs: policyInputs, layers: [])
        let columns = features.map { dataset.featureNames.firstIndex(of: $0)! }
        let inputs: [[[Float]]] = dataset.examples.map { example in
            example.rows.map { row in policy.normalizedInputs(raw: columns.map { row[$0] }) }
        }
        var generator = SplitMix64(seed: configuration.seed)
        var trainer = NetworkTrainer(
            layers: NetworkTrainer.initialLayers(inputCount: policyInputs.count, hidden: configuration.hiddenLayers,
                                                 outputCount: 1, generator: &generator),
            learningRate: configuration.learningRate)
        var order = Array(dataset.examples.indices)
        var lossHistory: [Double] = []
        for epoch in 0..<configuration.epochs {
            order.shuffle(using: &generator)
            var epochLoss = 0.0
            for start in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let batch = order[start..<min(start + configuration.batchSize, order.count)]
                // Softmax over each decision's slots with the current weights; the trainer
                // averages over rows, so each row's gradient is scaled to a per-decision mean.
                policy.layers = trainer.layers
                var flat: [[Float]] = []
                var gradients: [Float] = []
                for index in batch {
                    let scores = inputs[index].map { Double(policy.logits(normalized: $0)[0]) }
                    let best = scores.max()!
                    let exps = scores.map { exp($0 - best) }
                    let total = exps.reduce(0, +)
                    let chosen = dataset.examples[index].chosen
                    epochLoss += -(scores[chosen] - best - log(total))
                    for (slot, input) in inputs[index].enumerated() {
                        flat.append(input)
                        gradients.append(Float(exps[slot] / total - (slot == chosen ? 1 : 0)))
                    }
                }
                let scale = Float(flat.count) / Float(batch.count)
                trainer.step(inputs: flat) { sample, _ in [gradients[sample] * scale] }
            }
            lossHistory.append(epochLoss / Double(order.count))
            progress?(epoch + 1, lossHistory.last!)
        }
        policy.layers = trainer.layers
        return Result(policy: policy, trainingAgreement: agreement(of: policy, on: dataset), lossHistory: lossHistory)
    }

    /// Share of `dataset`'s decisions where `policy`'s greedy choice (ties: the lowest slot,
    /// as in the plugin) is LLVM's.
    public static func agreement(of policy: Policy, on dataset: Dataset) -> Double {
        guard !dataset.examples.isEmpty else { return 0 }
        let columns = policy.features.map { name in dataset.featureNames.firstIndex(of: name) }
        var agreeing = 0
        for example in dataset.examples {
            var best = 0
            var bestScore = -Float.infinity
            for (index, row) in example.rows.enumerated() {
                let raw = columns.map { $0.map { row[$0] } ?? 0 }
                let score = policy.logits(raw: raw)[0]
                if score > bestScore { best = index; bestScore = score }
            }
            agreeing += best == example.chosen ? 1 : 0
        }
        return Double(agreeing) / Double(dataset.examples.count)
    }
}

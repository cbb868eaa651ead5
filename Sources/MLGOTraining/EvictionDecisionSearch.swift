import Foundation
import MLGOCore

/// Per-decision search of register-allocation evictions (issue 9): from LLVM's own allocation of
/// a module, force one decision to another valid slot and measure what it does to the spill
/// cost. Allocation is per machine function and a function's cost depends only on its own
/// decisions, so one compile tries one alternative in *every* function of the module at once.
/// Each trial answers "here, is LLVM's choice or this other one cheaper?" exactly, for a
/// one-decision departure followed by LLVM's own choices: the labels of one step of policy
/// improvement over LLVM, which a policy reading `llvm_choice` learns from
/// (`train bc --problem eviction --searched`).
public enum EvictionDecisionSearch {
    /// One departure from LLVM to try: the `index`-th decision of `function` answers `slot`
    /// instead of LLVM's `llvmSlot`.
    public struct Alternative: Codable, Sendable, Equatable, Hashable {
        public var function: String
        public var index: Int
        public var slot: Int
        public var llvmSlot: Int
    }

    /// A measured alternative: the function's weighted spill cost under LLVM and with it.
    public struct Trial: Codable, Sendable, Equatable {
        public var alternative: Alternative
        public var llvmCost: Double
        public var cost: Double
        /// Negative: the alternative spills less.
        public var change: Double { cost - llvmCost }
    }

    /// Every departure a trace of LLVM's allocation offers, per function: each decision with
    /// LLVM's slot known and another valid slot, each such slot.
    public static func alternatives(in log: TrainingLog) throws -> [String: [Alternative]] {
        let reader = try EvictionTrace.Reader(log)
        guard reader.hasLLVMDecisions else {
            throw MLGOError.malformed("eviction trace", "has no '\(EvictionTrace.llvmDecision)': the search starts from a train-mode trace of LLVM's allocation")
        }
        var byFunction: [String: [Alternative]] = [:]
        for context in log.contexts {
            var options: [Alternative] = []
            for index in 0..<context.observationCount {
                let decision = reader.decision(index, in: context)
                guard let llvm = decision.llvmSlot else { continue }
                for slot in decision.validSlots where slot != llvm {
                    options.append(Alternative(function: context.name, index: index, slot: slot, llvmSlot: llvm))
                }
            }
            // A function allocated twice in one module (never seen) would mix two traces.
            if !options.isEmpty && byFunction[context.name] == nil { byFunction[context.name] = options }
        }
        return byFunction
    }

    /// The alternatives of `round` (0-based): for each function, the `round`-th of its
    /// departures in an order shuffled by the seed and the function's name, so rounds never
    /// repeat a trial and the plan does not depend on what else the module holds.
    public static func plan(_ alternatives: [String: [Alternative]], round: Int, seed: UInt64) -> [Alternative] {
        alternatives.keys.sorted().compactMap { function in
            var options = alternatives[function]!
            guard round < options.count else { return nil }
            var generator = SplitMix64(seed: seed ^ stableHash(function))
            options.shuffle(using: &generator)
            return options[round]
        }
    }

    /// The plugin's `-mlgo-evict-decisions` file forcing `alternatives`.
    public static func decisionsFile(_ alternatives: [Alternative]) -> String {
        "mlgo-evict-decisions 1\n" + alternatives.map { "\($0.function)\t\($0.index)\t\($0.slot)\n" }.joined()
    }

    /// Examples from trials: each trial compares two slots of one decision, LLVM's and the one
    /// tried, so its example holds just those two candidates (features from the trace of LLVM's
    /// allocation, `logs[module]`) and teaches the alternative when it spilled less than LLVM
    /// by more than `margin` (a fraction of the function's cost), else LLVM's slot. The masked
    /// softmax over two candidates is a logistic loss on their score difference: a pairwise
    /// ranking, which is what a trial measures (a softmax over every valid slot would also push
    /// down the slots nobody tried). Trials whose module has no trace, or whose decision the
    /// trace does not hold, are counted in `skipped`.
    public static func dataset(trials: [String: [Trial]], logs: [String: TrainingLog], features: [String],
                               margin: Double = 0) throws -> (dataset: EvictionCloning.Dataset, improving: Int) {
        var examples: [EvictionCloning.Example] = []
        var skipped = 0, improving = 0
        for module in trials.keys.sorted() {
            guard let log = logs[module] else { skipped += trials[module]!.count; continue }
            let reader = try EvictionTrace.Reader(log)
            let contexts = Dictionary(log.contexts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for trial in trials[module]! {
                let alternative = trial.alternative
                guard let context = contexts[alternative.function], alternative.index < context.observationCount else {
                    skipped += 1
                    continue
                }
                let decision = reader.decision(alternative.index, in: context)
                let better = trial.change < -margin * max(trial.llvmCost, 0)
                guard decision.llvmSlot == alternative.llvmSlot, decision.validSlots.contains(alternative.slot) else {
                    skipped += 1
                    continue
                }
                improving += better ? 1 : 0
                let rows = try reader.candidateRows(features: features, slots: [alternative.llvmSlot, alternative.slot],
                                                    observation: alternative.index, in: context)
                examples.append(EvictionCloning.Example(rows: rows, chosen: better ? 1 : 0))
            }
        }
        return (EvictionCloning.Dataset(featureNames: features, examples: examples, skipped: skipped), improving)
    }
}

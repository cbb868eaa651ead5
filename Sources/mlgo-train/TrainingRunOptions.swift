import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

/// Options shared by the trainers that compile to score policies (`train es`, `train ppo`,
/// `train search`).
struct TrainingRunOptions: ParsableArguments {
    @Option(name: .customLong("corpus"), help: "A training corpus; repeat for several.") var corpora: [String]
    @Option(name: .customLong("held-out-corpus"), help: "A corpus only evaluated on; repeat for several.") var heldOutCorpora: [String] = []
    @Option(help: "Fraction of the training corpora's modules held out (by a stable hash).") var holdoutFraction = 0.1
    @Option(help: "The starting policy (e.g. the behaviour clone).") var initial: String
    @Option(help: "Run folder.") var output: String
    @Flag(help: "Continue the run in --output from its checkpoint.") var resume = false
    @Option(help: "Seed of module sampling, perturbations or decisions, and the hold-out split.") var seed: UInt64 = 1
    @Option(help: "Multiply the initial policy's output layer by this (same decisions, softer logits).")
    var outputScale: Float = 1
    @Option(help: "Baseline cache file (default: <output>/../baselines.json).") var baselineCache: String?
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        guard outputScale > 0 else { throw ValidationError("--output-scale must be positive") }
        guard (0..<1).contains(holdoutFraction) else { throw ValidationError("--holdout-fraction must be in [0, 1)") }
    }

    var outputURL: URL { URL(commandLinePath: output) }

    /// The run's folder, size evaluator and modules, and the initial policy (inlining).
    func prepare() throws -> (setup: SizeTrainingSetup, initial: Policy) {
        try prepare(checkingInitial: { policy in
            guard policy.decision != EvictionTrace.decision else {
                throw ValidationError("\(initial) is an eviction policy ('\(EvictionTrace.decision)'); pass --problem eviction")
            }
        }) { training, heldOut, cache, scratch in
            SizeRewardEvaluator(compiler: try tools.moduleCompiler(for: training + heldOut, objectSizes: ObjectSizeCache()),
                                jobs: try tools.parallelCompiles(), scratch: scratch, cache: cache)
        }
    }

    /// The same for eviction: a spill-cost evaluator on -O2 corpora, and an eviction policy to start from.
    func prepareEviction() throws -> (setup: TrainingSetup<SpillRewardEvaluator>, initial: Policy) {
        try prepare(checkingInitial: { policy in
            guard policy.decision == EvictionTrace.decision, policy.outputCount == 1 else {
                throw ValidationError("\(initial) decides '\(policy.decision)' with \(policy.outputCount) outputs; "
                    + "--problem eviction starts from an eviction scorer ('\(EvictionTrace.decision)', 1 output)")
            }
        }) { training, heldOut, cache, scratch in
            try requirePerModuleCorpora(training + heldOut, for: "train es --problem eviction")
            return SpillRewardEvaluator(compiler: try tools.evictionCompiler(optimizedCache: outputURL.appendingPathComponent(".optimized")),
                                        jobs: try tools.parallelCompiles(), scratch: scratch, cache: cache)
        }
    }

    /// The run's folder and modules, the evaluator `makeEvaluator` builds for the corpora, and
    /// the initial policy. The policy is read and checked first, so a wrong one writes nothing.
    private func prepare<Evaluator: PolicyRewardEvaluator>(
        checkingInitial checkInitial: (Policy) throws -> Void,
        _ makeEvaluator: (_ training: [Corpus], _ heldOut: [Corpus], _ cache: BaselineCache, _ scratch: URL) throws -> Evaluator
    ) throws -> (setup: TrainingSetup<Evaluator>, initial: Policy) {
        let initialPolicy = try Policy(contentsOf: URL(commandLinePath: initial))
        try checkInitial(initialPolicy)
        let split = HoldoutSplit(fraction: holdoutFraction, seed: seed)
        let trainingCorpora = try loadCorpora(corpora), heldOutLoaded = try loadCorpora(heldOutCorpora)
        let trainingModules = TrainingModule.all(in: trainingCorpora)
        let heldOutModules = TrainingModule.all(in: heldOutLoaded)
        let training = trainingModules.filter { !split.isHeldOut($0.name) }
        let heldOut = trainingModules.filter { split.isHeldOut($0.name) } + heldOutModules
        print("\(training.count) training modules, \(heldOut.count) held out")
        // The same list `report size --held-out-of` reads, to judge any policy on these modules.
        try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: ["held_out_modules": heldOut.map(\.name).sorted()],
                                   options: [.prettyPrinted, .sortedKeys])
            .write(to: outputURL.appendingPathComponent("held-out-modules.json"), options: .atomic)
        let cacheURL = baselineCache.map { URL(commandLinePath: $0) }
            ?? outputURL.deletingLastPathComponent().appendingPathComponent("baselines.json")
        let evaluator = try makeEvaluator(trainingCorpora, heldOutLoaded, BaselineCache(file: cacheURL, logger: .mlgoTrain),
                                          outputURL.appendingPathComponent(".scratch"))
        let setup = TrainingSetup(folder: TrainingRunFolder(root: outputURL), evaluator: evaluator,
                                  training: training, heldOut: heldOut)
        return (setup, outputScale == 1 ? initialPolicy : PolicyParameters.scalingOutput(of: initialPolicy, by: outputScale))
    }

    /// Runs `body` with a logger on standard error, then removes the scratch folder and says
    /// where the results are.
    func execute(_ body: (_ logger: Logger) throws -> Void) throws {
        let started = Date()
        try body(.mlgoTrain)
        try? FileManager.default.removeItem(at: outputURL.appendingPathComponent(".scratch"))
        try tools.printClusterTraffic()
        print(String(format: "done in %.0f s; %@ holds policy.mlgo (last) and best.mlgo (best on held-out modules)",
                     Date().timeIntervalSince(started), outputURL.path))
    }
}

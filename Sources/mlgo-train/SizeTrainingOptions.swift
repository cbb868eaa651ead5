import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

/// Options shared by the trainers that compile for size (`train es`, `train ppo`).
struct SizeTrainingOptions: ParsableArguments {
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

    /// The run's folder, evaluator and modules, and the initial policy.
    func prepare() throws -> (setup: SizeTrainingSetup, initial: Policy) {
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
        let evaluator = SizeRewardEvaluator(
            compiler: try tools.moduleCompiler(for: trainingCorpora + heldOutLoaded, objectSizes: ObjectSizeCache()),
            jobs: try tools.parallelCompiles(),
            scratch: outputURL.appendingPathComponent(".scratch"), cache: BaselineCache(file: cacheURL, logger: .mlgoTrain))
        let setup = SizeTrainingSetup(folder: TrainingRunFolder(root: outputURL), evaluator: evaluator,
                                      training: training, heldOut: heldOut)
        let initialPolicy = try Policy(contentsOf: URL(commandLinePath: initial))
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

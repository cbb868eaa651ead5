import ArgumentParser
import Foundation
import MLGOCompile
import MLGOCore
import MLGOTraining

struct EvolutionStrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "es",
        abstract: "Improve a policy for code size with evolution strategies over real compiles.",
        discussion: """
        Each step compiles --modules-per-step sampled training modules under 2 × --pairs perturbed \
        policies and moves the policy towards the perturbations whose .text is smallest relative to \
        LLVM's heuristic. Held-out modules (--held-out-corpus, and --holdout-fraction of the training \
        corpora's modules) are evaluated every --evaluate-every steps; the best policy on them is kept \
        as best.mlgo. The run folder holds checkpoint.json, metrics.jsonl, policy.mlgo and best.mlgo; \
        --resume continues a killed run exactly.
        """)

    @Option(name: .customLong("corpus"), help: "A training corpus; repeat for several.") var corpora: [String]
    @Option(name: .customLong("held-out-corpus"), help: "A corpus only evaluated on; repeat for several.") var heldOutCorpora: [String] = []
    @Option(help: "Fraction of the training corpora's modules held out (by a stable hash).") var holdoutFraction = 0.1
    @Option(help: "The starting policy (e.g. the behaviour clone).") var initial: String
    @Option(help: "Run folder.") var output: String
    @Flag(help: "Continue the run in --output from its checkpoint.") var resume = false
    @Option(help: "Steps to run.") var steps = 100
    @Option(help: "Antithetic pairs per step.") var pairs = 8
    @Option(help: "Modules compiled per candidate per step.") var modulesPerStep = 16
    @Option(help: "Perturbation scale.") var sigma: Float = 0.02
    @Option(help: "Adam learning rate.") var learningRate: Float = 0.005
    @Option(help: "Held-out evaluation every this many steps.") var evaluateEvery = 10
    @Option(help: "Seed of module sampling and perturbations.") var seed: UInt64 = 1
    @Option(help: "Baseline cache file (default: <output>/../baselines.json).") var baselineCache: String?
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        guard steps > 0, pairs > 0, modulesPerStep > 0, evaluateEvery > 0 else {
            throw ValidationError("--steps, --pairs, --modules-per-step and --evaluate-every must be positive")
        }
        guard sigma > 0, learningRate > 0 else { throw ValidationError("--sigma and --learning-rate must be positive") }
        guard (0..<1).contains(holdoutFraction) else { throw ValidationError("--holdout-fraction must be in [0, 1)") }
    }

    func run() throws {
        let outputURL = URL(path: output, relativeToCurrent: true)
        let split = HoldoutSplit(fraction: holdoutFraction, seed: seed)
        let trainingModules = TrainingModule.all(in: try corpora.map { try Corpus(loadingFrom: URL(path: $0, relativeToCurrent: true)) })
        let heldOutModules = TrainingModule.all(in: try heldOutCorpora.map { try Corpus(loadingFrom: URL(path: $0, relativeToCurrent: true)) })
        let training = trainingModules.filter { !split.isHeldOut($0.name) }
        let heldOut = trainingModules.filter { split.isHeldOut($0.name) } + heldOutModules
        print("\(training.count) training modules, \(heldOut.count) held out")

        var settings = EvolutionStrategiesRun.Settings()
        settings.strategy.pairs = pairs
        settings.strategy.sigma = sigma
        settings.strategy.learningRate = learningRate
        settings.strategy.seed = seed
        settings.steps = steps
        settings.modulesPerStep = modulesPerStep
        settings.evaluateEvery = evaluateEvery

        let cacheURL = baselineCache.map { URL(path: $0, relativeToCurrent: true) }
            ?? outputURL.deletingLastPathComponent().appendingPathComponent("baselines.json")
        let evaluator = SizeRewardEvaluator(
            compiler: ModuleCompiler(toolchain: try tools.toolchain(), timeout: tools.timeout), jobs: tools.jobs,
            scratch: outputURL.appendingPathComponent(".scratch"), cache: BaselineCache(file: cacheURL))
        let run = EvolutionStrategiesRun(settings: settings, folder: TrainingRunFolder(root: outputURL), evaluator: evaluator,
                                         training: training, heldOut: heldOut)
        let initialPolicy = try Policy(contentsOf: URL(path: initial, relativeToCurrent: true))
        let started = Date()
        _ = try run.run(initial: initialPolicy, resume: resume) { line in
            FileHandleOutput.standardError.write(line + "\n")
        }
        try? FileManager.default.removeItem(at: outputURL.appendingPathComponent(".scratch"))
        print(String(format: "done in %.0f s; %@ holds policy.mlgo (last) and best.mlgo (best on held-out modules)",
                     Date().timeIntervalSince(started), outputURL.path))
    }
}

import ArgumentParser
import Foundation
import MLGOCompile
import MLGOCore
import MLGOTraining

struct PolicyGradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo",
        abstract: "Improve a policy for code size with policy gradient (PPO) over sampled compiles.",
        discussion: """
        Each iteration compiles --modules-per-iteration sampled training modules --samples-per-module \
        times, decisions drawn from the current policy with per-compile seeds, and gives every \
        decision of a compile that compile's reward (1 − policy .text / heuristic .text) minus the \
        module's mean over its samples. The policy is then updated with PPO's clipped objective plus \
        an entropy bonus. Held-out evaluation, run folder and --resume work as for `train es`.
        """)

    @Option(name: .customLong("corpus"), help: "A training corpus; repeat for several.") var corpora: [String]
    @Option(name: .customLong("held-out-corpus"), help: "A corpus only evaluated on; repeat for several.") var heldOutCorpora: [String] = []
    @Option(help: "Fraction of the training corpora's modules held out (by a stable hash).") var holdoutFraction = 0.1
    @Option(help: "The starting policy (e.g. the behaviour clone).") var initial: String
    @Option(help: "Run folder.") var output: String
    @Flag(help: "Continue the run in --output from its checkpoint.") var resume = false
    @Option(help: "Iterations to run.") var iterations = 50
    @Option(help: "Modules sampled per iteration.") var modulesPerIteration = 16
    @Option(help: "Compiles per module per iteration (at least 2: their mean is the baseline).") var samplesPerModule = 4
    @Option(help: "PPO clip range.") var clip: Float = 0.2
    @Option(help: "Entropy bonus weight.") var entropyBonus: Float = 0.001
    @Option(help: "Adam learning rate.") var learningRate: Float = 3e-4
    @Option(help: "Passes over each iteration's decisions.") var epochs = 4
    @Option(help: "Held-out evaluation every this many iterations.") var evaluateEvery = 5
    @Option(help: "Seed of module sampling and decision sampling.") var seed: UInt64 = 1
    @Option(help: "Baseline cache file (default: <output>/../baselines.json).") var baselineCache: String?
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        guard iterations > 0, modulesPerIteration > 0, epochs > 0, evaluateEvery > 0 else {
            throw ValidationError("--iterations, --modules-per-iteration, --epochs and --evaluate-every must be positive")
        }
        guard samplesPerModule >= 2 else { throw ValidationError("--samples-per-module must be at least 2") }
        guard clip > 0, learningRate > 0, entropyBonus >= 0 else { throw ValidationError("--clip and --learning-rate must be positive") }
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

        var settings = PolicyGradientRun.Settings()
        settings.ppo.clip = clip
        settings.ppo.entropyBonus = entropyBonus
        settings.ppo.learningRate = learningRate
        settings.ppo.epochs = epochs
        settings.ppo.seed = seed
        settings.iterations = iterations
        settings.modulesPerIteration = modulesPerIteration
        settings.samplesPerModule = samplesPerModule
        settings.evaluateEvery = evaluateEvery

        let cacheURL = baselineCache.map { URL(path: $0, relativeToCurrent: true) }
            ?? outputURL.deletingLastPathComponent().appendingPathComponent("baselines.json")
        let evaluator = SizeRewardEvaluator(
            compiler: ModuleCompiler(toolchain: try tools.toolchain(), timeout: tools.timeout), jobs: tools.jobs,
            scratch: outputURL.appendingPathComponent(".scratch"), cache: BaselineCache(file: cacheURL))
        let run = PolicyGradientRun(settings: settings, folder: TrainingRunFolder(root: outputURL), evaluator: evaluator,
                                    training: training, heldOut: heldOut)
        let started = Date()
        _ = try run.run(initial: try Policy(contentsOf: URL(path: initial, relativeToCurrent: true)), resume: resume) { line in
            FileHandleOutput.standardError.write(line + "\n")
        }
        try? FileManager.default.removeItem(at: outputURL.appendingPathComponent(".scratch"))
        print(String(format: "done in %.0f s; %@ holds policy.mlgo (last) and best.mlgo (best on held-out modules)",
                     Date().timeIntervalSince(started), outputURL.path))
    }
}

import ArgumentParser
import Foundation
import MLGOCompile
import MLGOCore
import MLGOTraining

struct EvolutionStrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "es",
        abstract: "Improve a policy with evolution strategies over real compiles: code size (inlining) or spill cost (eviction).",
        discussion: """
        Each step compiles --modules-per-step sampled training modules under 2 × --pairs perturbed \
        policies and moves the policy towards the perturbations whose .text is smallest relative to \
        LLVM's heuristic (--problem inlining), or whose weighted spill cost is lowest relative to \
        LLVM's default advisor (--problem eviction, -O2 corpora, an eviction scorer to start from; \
        a module's reward is 1 − cost / LLVM's cost, at least −1). Held-out modules (--held-out-corpus, and --holdout-fraction of the training \
        corpora's modules) are evaluated every --evaluate-every steps; the best policy on them is kept \
        as best.mlgo. The run folder holds checkpoint.json, metrics.jsonl, policy.mlgo and best.mlgo; \
        --resume continues a killed run from its last finished step; it ends exactly where an \
        uninterrupted run would only if no compile after that step is cut as a straggler or times out \
        (both depend on wall time; see metrics.jsonl's cut_or_failed, and --straggler-factor 0).
        """)

    @Option(help: "Steps to run.") var steps = 100
    @Option(help: "Antithetic pairs per step.") var pairs = 8
    @Option(help: "Modules compiled per candidate per step.") var modulesPerStep = 16
    @Option(help: "Perturbation scale.") var sigma: Float = 0.02
    @Option(help: "Adam learning rate.") var learningRate: Float = 0.005
    @Option(help: "Held-out evaluation every this many steps.") var evaluateEvery = 10
    @Option(help: """
        Stop starting a step's compiles after this many times the first step's duration (0: never). \
        A cut depends on wall time: only a run without cuts is reproducible.
        """) var stragglerFactor = 3.0

    @Option(help: "inlining (code size, -Oz) or eviction (weighted spill cost, -O2).") var problem: Problem = .inlining
    @OptionGroup var common: TrainingRunOptions

    func validate() throws {
        guard steps > 0, pairs > 0, modulesPerStep > 0, evaluateEvery > 0 else {
            throw ValidationError("--steps, --pairs, --modules-per-step and --evaluate-every must be positive")
        }
        guard sigma > 0, learningRate > 0 else { throw ValidationError("--sigma and --learning-rate must be positive") }
        guard stragglerFactor >= 0 else { throw ValidationError("--straggler-factor must be 0 (never cut) or positive") }
    }

    func run() throws {
        var settings = EvolutionStrategiesSettings()
        settings.strategy.pairs = pairs
        settings.strategy.sigma = sigma
        settings.strategy.learningRate = learningRate
        settings.strategy.seed = common.seed
        settings.steps = steps
        settings.modulesPerStep = modulesPerStep
        settings.evaluateEvery = evaluateEvery
        settings.stragglerFactor = stragglerFactor > 0 ? stragglerFactor : nil

        switch problem {
        case .inlining: try train(settings, try common.prepare())
        case .eviction: try train(settings, try common.prepareEviction())
        }
    }

    private func train<Evaluator>(_ settings: EvolutionStrategiesSettings,
                                  _ prepared: (setup: TrainingSetup<Evaluator>, initial: Policy)) throws {
        let trainer = EvolutionStrategiesRun(settings: settings, setup: prepared.setup)
        try common.execute { logger in _ = try trainer.run(initial: prepared.initial, resume: common.resume, logger: logger) }
    }
}

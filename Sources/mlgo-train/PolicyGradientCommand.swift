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

    @Option(help: "Iterations to run.") var iterations = 50
    @Option(help: "Modules sampled per iteration.") var modulesPerIteration = 16
    @Option(help: "Compiles per module per iteration (at least 2: their mean is the baseline).") var samplesPerModule = 4
    @Option(help: "Probability of a coin-flip decision while sampling (exploration from a confident start).")
    var exploration = 0.0
    @Option(help: "PPO clip range.") var clip: Float = 0.2
    @Option(help: "Entropy bonus weight.") var entropyBonus: Float = 0.001
    @Option(help: "Adam learning rate.") var learningRate: Float = 3e-4
    @Option(help: "Passes over each iteration's decisions.") var epochs = 4
    @Option(help: "Held-out evaluation every this many iterations.") var evaluateEvery = 5

    @OptionGroup var common: TrainingRunOptions

    func validate() throws {
        guard iterations > 0, modulesPerIteration > 0, epochs > 0, evaluateEvery > 0 else {
            throw ValidationError("--iterations, --modules-per-iteration, --epochs and --evaluate-every must be positive")
        }
        guard samplesPerModule >= 2 else { throw ValidationError("--samples-per-module must be at least 2") }
        guard (0...1).contains(exploration) else { throw ValidationError("--exploration must be between 0 and 1") }
        guard clip > 0, learningRate > 0, entropyBonus >= 0 else { throw ValidationError("--clip and --learning-rate must be positive") }
    }

    func run() throws {
        let (setup, initial) = try common.prepare()
        var settings = PolicyGradientRun.Settings()
        settings.ppo.clip = clip
        settings.ppo.entropyBonus = entropyBonus
        settings.ppo.learningRate = learningRate
        settings.ppo.epochs = epochs
        settings.ppo.seed = common.seed
        settings.iterations = iterations
        settings.modulesPerIteration = modulesPerIteration
        settings.samplesPerModule = samplesPerModule
        settings.exploration = exploration
        settings.evaluateEvery = evaluateEvery

        let trainer = PolicyGradientRun(settings: settings, setup: setup)
        try common.execute { logger in _ = try trainer.run(initial: initial, resume: common.resume, logger: logger) }
    }
}

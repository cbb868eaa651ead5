import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// Drives PPO against real compiles: each iteration samples modules, compiles each several
/// times with decisions sampled from the current policy (per-run seeds), gives every decision of
/// a compile that compile's advantage, and updates the policy; held-out evaluation every few
/// iterations and a checkpoint after every iteration.
public struct PolicyGradientRun {
    public struct Settings: Codable, Sendable, Equatable {
        public var ppo = PolicyGradient.Configuration()
        public var iterations = 50
        public var modulesPerIteration = 16
        /// Compiles per module per iteration; their mean reward is the module's baseline.
        public var samplesPerModule = 4
        /// Probability of a coin-flip decision while sampling: a confident start (a behaviour
        /// clone) otherwise samples almost only the heuristic's decisions. The logged behaviour
        /// probability includes it, so the PPO ratio stays correct.
        public var exploration = 0.0
        public var evaluateEvery = 5
        public init() {}
    }

    struct Checkpoint: RunCheckpoint {
        var settings: Settings
        var policy: String
        var optimizer: AdamOptimizer
        var iteration: Int
        var heldOutRecord: HeldOutRecord
        var elapsedSeconds: Double
    }

    public let settings: Settings
    public let setup: SizeTrainingSetup
    var folder: TrainingRunFolder { setup.folder }
    var evaluator: SizeRewardEvaluator { setup.evaluator }

    public init(settings: Settings, setup: SizeTrainingSetup) {
        self.settings = settings
        self.setup = setup
    }

    public func run(initial: Policy, resume: Bool, logger: Logger) throws -> Policy {
        var checkpoint: Checkpoint
        if let saved = try TrainingRunSupport.resumableCheckpoint(Checkpoint.self, in: folder, resume: resume,
                                                                  settings: settings, length: \.iterations) {
            checkpoint = saved
            try folder.truncateMetrics(after: saved.iteration)
            logger.info("resuming at iteration \(saved.iteration) of \(settings.iterations)")
        } else {
            checkpoint = Checkpoint(settings: settings, policy: initial.serialized(),
                                    optimizer: AdamOptimizer(parameterCount: initial.parameterCount, learningRate: settings.ppo.learningRate),
                                    iteration: 0, heldOutRecord: HeldOutRecord(), elapsedSeconds: 0)
        }
        var policy = try Policy(text: checkpoint.policy)

        let (usableTraining, usableHeldOut, baselines) = try setup.modulesWithBaselines(logger: logger)

        if checkpoint.iteration == 0 && !usableHeldOut.isEmpty {
            try evaluateHeldOut(&checkpoint, policy: policy, modules: usableHeldOut, baselines: baselines, logger: logger)
        }

        while checkpoint.iteration < settings.iterations {
            let started = Date()
            let iteration = checkpoint.iteration
            var generator = SplitMix64(seed: settings.ppo.seed ^ 0x7070 ^ UInt64(iteration))
            let modules = Array(usableTraining.shuffled(using: &generator).prefix(settings.modulesPerIteration))
            let traceFolder = evaluator.scratch.appendingPathComponent("samples")
            try? FileManager.default.removeItem(at: traceFolder)
            let grid = try evaluator.sample(policy, on: modules, samples: settings.samplesPerModule,
                                            seed: settings.ppo.seed &+ UInt64(iteration) &* 1_000_003,
                                            exploration: settings.exploration, baselines: baselines, traceFolder: traceFolder)
            // Modules with every sample compiled: their mean is the baseline of their advantages.
            let complete = modules.indices.filter { row in grid[row].allSatisfy { $0 != nil } }
            let rewards = complete.map { grid[$0].map { $0!.reward } }
            let advantages = PolicyGradient.advantages(rewards: rewards)
            var decisions: [PolicyGradient.Decision] = []
            for (row, moduleAdvantages) in zip(complete, advantages) {
                for (sample, advantage) in zip(grid[row], moduleAdvantages) where advantage != 0 {
                    decisions += try PolicyGradientRun.decisions(in: sample!.trace, policy: policy, advantage: advantage)
                }
            }
            if !decisions.isEmpty {
                var trainer = NetworkTrainer(layers: policy.layers, optimizer: checkpoint.optimizer)
                PolicyGradient.update(&trainer, decisions: decisions, configuration: settings.ppo, iteration: iteration)
                policy.layers = trainer.layers
                checkpoint.optimizer = trainer.optimizer
            }
            checkpoint.iteration += 1
            checkpoint.policy = policy.serialized()
            let seconds = Date().timeIntervalSince(started)
            checkpoint.elapsedSeconds += seconds
            let meanReward = rewards.flatMap { $0 }.reduce(0, +) / Double(max(rewards.flatMap { $0 }.count, 1))
            let compiles = grid.flatMap { $0 }.compactMap { $0 }.count
            try folder.appendMetrics([
                "step": checkpoint.iteration, "kind": "train", "mean_reward": meanReward, "modules": complete.count,
                "decisions": decisions.count, "compiles": compiles,
                "cut_or_failed": modules.count * settings.samplesPerModule - compiles,
                "seconds": seconds, "compiles_per_second": Double(compiles) / seconds,
                "llc_skipped_so_far": evaluator.compiler.objectSizes?.hits ?? 0,
            ])
            if checkpoint.iteration % settings.evaluateEvery == 0 || checkpoint.iteration == settings.iterations, !usableHeldOut.isEmpty {
                try evaluateHeldOut(&checkpoint, policy: policy, modules: usableHeldOut, baselines: baselines, logger: logger)
            }
            try policy.write(to: folder.currentPolicy)
            try folder.saveCheckpoint(checkpoint)
            let remaining = Double(settings.iterations - checkpoint.iteration) * checkpoint.elapsedSeconds / Double(checkpoint.iteration)
            logger.info(Logger.Message(stringLiteral: String(format: "iteration %d/%d: mean sampled reward %+.4f%%, %d decisions, %.1f compiles/s, ETA %.0f s",
                       checkpoint.iteration, settings.iterations, meanReward * 100, decisions.count, Double(compiles) / seconds, remaining)))
        }
        return policy
    }

    /// The decisions of one sampled compile, as the current policy's normalised inputs.
    static func decisions(in trace: URL, policy: Policy, advantage: Float) throws -> [PolicyGradient.Decision] {
        let log = try TrainingLog(contentsOf: trace)
        let dataset = try DecisionDataset(logs: [log], featureNames: policy.features)
        return (0..<dataset.count).map { row in
            PolicyGradient.Decision(inputs: policy.normalizedInputs(raw: Array(dataset.row(row))),
                                    action: dataset.decisions[row], behaviourProbability: dataset.probabilities[row],
                                    advantage: advantage)
        }
    }

    private func evaluateHeldOut(_ checkpoint: inout Checkpoint, policy: Policy, modules: [TrainingModule],
                                 baselines: [String: Int], logger: Logger) throws {
        try checkpoint.heldOutRecord.evaluate(policy, step: checkpoint.iteration, unit: "iteration", modules: modules,
                                              baselines: baselines, evaluator: evaluator, folder: folder, logger: logger)
    }
}

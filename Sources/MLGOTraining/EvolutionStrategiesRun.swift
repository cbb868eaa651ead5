import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// What an evolution-strategies run does, for any problem.
public struct EvolutionStrategiesSettings: Codable, Sendable, Equatable {
    public var strategy = EvolutionStrategies.Configuration()
    public var steps = 100
    public var modulesPerStep = 16
    public var evaluateEvery = 10
    /// A step stops starting compiles after this many times the first step's duration; nil:
    /// never. Which compiles a cut drops depends on wall time, so only steps without a cut
    /// are reproducible (and a resumed run ends where an uninterrupted one does only then).
    public var stragglerFactor: Double? = 3.0
    public init() {}
}

/// Drives evolution strategies against real compiles, for any problem's reward (code size for
/// inlining, spill cost for eviction): modules sampled per step, every candidate compiled by
/// the worker pool, held-out evaluation every few steps, a checkpoint after every step.
public struct EvolutionStrategiesRun<Evaluator: PolicyRewardEvaluator> {
    public typealias Settings = EvolutionStrategiesSettings

    struct Checkpoint: RunCheckpoint {
        var settings: Settings
        var template: String
        var state: EvolutionStrategies.State
        var heldOutRecord: HeldOutRecord
        var elapsedSeconds: Double
        var firstStepSeconds: Double?
    }

    public let settings: Settings
    public let setup: TrainingSetup<Evaluator>
    var folder: TrainingRunFolder { setup.folder }
    var evaluator: Evaluator { setup.evaluator }

    public init(settings: Settings, setup: TrainingSetup<Evaluator>) {
        self.settings = settings
        self.setup = setup
    }

    /// Runs (or, with `resume`, continues) the search from `initial`. `logger` receives progress lines and warnings.
    public func run(initial: Policy, resume: Bool, logger: Logger) throws -> Policy {
        var checkpoint: Checkpoint
        if let saved = try TrainingRunSupport.resumableCheckpoint(Checkpoint.self, in: folder, resume: resume,
                                                                  settings: settings, length: \.steps) {
            checkpoint = saved
            try folder.truncateMetrics(after: saved.state.step)
            logger.info("resuming at step \(saved.state.step) of \(settings.steps)")
        } else {
            checkpoint = Checkpoint(settings: settings, template: initial.serialized(),
                                    state: .init(parameters: PolicyParameters.flatten(initial), configuration: settings.strategy),
                                    heldOutRecord: HeldOutRecord(), elapsedSeconds: 0, firstStepSeconds: nil)
        }
        let template = try Policy(text: checkpoint.template)

        let (usableTraining, usableHeldOut, baselines) = try setup.modulesWithBaselines(logger: logger)

        if checkpoint.state.step == 0 && !usableHeldOut.isEmpty {
            try evaluateHeldOut(&checkpoint, template: template, modules: usableHeldOut, baselines: baselines, logger: logger)
        }
        var failedAttempts = 0
        while checkpoint.state.step < settings.steps {
            let started = Date()
            let step = checkpoint.state.step
            var generator = SplitMix64(seed: settings.strategy.seed ^ 0x5eed ^ UInt64(step))
            let modules = Array(usableTraining.shuffled(using: &generator).prefix(settings.modulesPerStep))
            let noise = EvolutionStrategies.perturbations(step: step, count: checkpoint.state.parameters.count,
                                                          pairs: settings.strategy.pairs, seed: settings.strategy.seed)
            let candidates = EvolutionStrategies.candidates(checkpoint.state, noise, sigma: settings.strategy.sigma)
            // A retried step waits for every compile: the machine may just have become slower.
            let deadline = failedAttempts > 0 ? nil : settings.stragglerFactor.flatMap { factor in
                checkpoint.firstStepSeconds.map { started.addingTimeInterval($0 * factor) }
            }
            let grid = try evaluator.evaluate(candidates.map { PolicyParameters.policy(template, with: $0) },
                                              on: modules, baselines: baselines, deadline: deadline, label: "candidate")
            // Fitness over the modules every candidate compiled, so all are judged alike.
            let complete = modules.indices.filter { column in grid.allSatisfy { $0[column] != nil } }
            let compiles = grid.reduce(0) { $0 + $1.compactMap { $0 }.count }
            guard !complete.isEmpty else {
                failedAttempts += 1
                guard failedAttempts < 3 else {
                    throw MLGOError.commandFailed("step \(step)", "no module compiled under every candidate, three times; see the compile errors above")
                }
                logger.warning("step \(step): no module compiled under every candidate; retrying the step")
                continue
            }
            failedAttempts = 0
            let fitness = grid.map { row in complete.reduce(0.0) { $0 + row[$1]!.reward } / Double(complete.count) }
            EvolutionStrategies.update(&checkpoint.state, noise: noise, fitness: fitness, sigma: settings.strategy.sigma)

            let seconds = Date().timeIntervalSince(started)
            if checkpoint.firstStepSeconds == nil { checkpoint.firstStepSeconds = seconds }
            checkpoint.elapsedSeconds += seconds
            let meanFitness = fitness.reduce(0, +) / Double(fitness.count)
            try folder.appendMetrics([
                "step": checkpoint.state.step, "kind": "train", "mean_reward": meanFitness,
                "best_candidate_reward": fitness.max() ?? 0, "modules": complete.count,
                "cut_or_failed": grid.count * modules.count - compiles, "compiles": compiles,
                "seconds": seconds, "compiles_per_second": Double(compiles) / seconds,
                "llc_skipped_so_far": evaluator.cachedCompiles,
            ])
            if checkpoint.state.step % settings.evaluateEvery == 0 || checkpoint.state.step == settings.steps, !usableHeldOut.isEmpty {
                try evaluateHeldOut(&checkpoint, template: template, modules: usableHeldOut, baselines: baselines, logger: logger)
            }
            try PolicyParameters.policy(template, with: checkpoint.state.parameters).write(to: folder.currentPolicy)
            try folder.saveCheckpoint(checkpoint)
            let remaining = Double(settings.steps - checkpoint.state.step) * checkpoint.elapsedSeconds / Double(max(checkpoint.state.step, 1))
            logger.info(Logger.Message(stringLiteral: String(format: "step %d/%d: mean reward %+.4f%%, %.1f compiles/s, ETA %.0f s",
                       checkpoint.state.step, settings.steps, meanFitness * 100, Double(compiles) / seconds, remaining)))
        }
        return PolicyParameters.policy(template, with: checkpoint.state.parameters)
    }

    private func evaluateHeldOut(_ checkpoint: inout Checkpoint, template: Policy, modules: [TrainingModule],
                                 baselines: [String: Evaluator.Baseline], logger: Logger) throws {
        try checkpoint.heldOutRecord.evaluate(PolicyParameters.policy(template, with: checkpoint.state.parameters),
                                              step: checkpoint.state.step, unit: "step", modules: modules, baselines: baselines,
                                              evaluator: evaluator, folder: folder, logger: logger)
    }
}

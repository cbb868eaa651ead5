import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// Trajectory search with cloning (self-imitation): every training module is compiled with the
/// current policy's decisions perturbed in a few ways (sampled at a softer temperature, or all
/// logits shifted towards inlining less or more), the smallest `.text`
/// each module ever reached is kept with the trace of the decisions that reached it, and a new
/// policy is behaviour-cloned on those best trajectories. Repeated for a few iterations.
///
/// Why: ES and PPO turn one module-level number into a gradient for the whole policy, so most
/// of their compiles only confirm that random changes make code bigger. Here every compile that
/// shrinks any module is kept as a lesson for that module's decisions, and the cloning step
/// generalises those lessons to callsites with similar features.
public struct TrajectorySearchRun {
    /// How one search round departs from the policy's greedy decisions.
    public enum Perturbation: Codable, Sendable, Equatable, CustomStringConvertible {
        /// Decisions sampled with the output layer multiplied by the factor (smaller: more
        /// departures, where the policy is least sure).
        case sample(outputScale: Float)
        /// Greedy decisions with the logit shifted by the amount: negative inlines less, positive
        /// more, everywhere at once — like moving LLVM's inline threshold, but per module.
        case shift(logit: Float)

        /// Reads `sample:0.05` or `shift:-20`.
        public init?(_ text: String) {
            let parts = text.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Float(parts[1]), value.isFinite else { return nil }
            switch parts[0] {
            case "sample" where value > 0: self = .sample(outputScale: value)
            case "shift": self = .shift(logit: value)
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .sample(let scale): "sample:\(scale)"
            case .shift(let logit): "shift:\(logit)"
            }
        }
    }

    public struct Settings: Codable, Sendable, Equatable {
        public var iterations = 2
        /// One round per perturbation in every iteration, after the greedy round.
        public var perturbations: [Perturbation] = [.shift(logit: -20), .sample(outputScale: 0.05)]
        public var seed: UInt64 = 1
        /// Behaviour cloning of the best trajectories.
        public var epochs = 30
        public var inputs = InputNormalization.Scheme.quantiles
        /// The clone reads LLVM's heuristic decision as an input, so it learns only where to
        /// depart from the heuristic and cannot be wrong where it copies it.
        public var heuristicInput = false
        /// Whether the policy reads the plugin's own inlining features (InliningTrace.pluginFeatures).
        public var pluginFeatures = false
        public init() {}
        public var roundsPerIteration: Int { perturbations.count }
    }

    /// The smallest `.text` found for one module and where its trace is.
    struct BestTrajectory: Codable {
        var textSize: Int
        /// Relative to the run folder.
        var trace: String
        /// Iteration and round that found it (round 0: the policy's greedy compile).
        var iteration: Int
        var round: Int
    }

    struct Checkpoint: RunCheckpoint {
        var settings: Settings
        var policy: String
        var iteration: Int
        /// Rounds finished in `iteration` (round 0 is the greedy one); past the last, the clone is next.
        var round: Int
        var best: [String: BestTrajectory]
        var heldOutRecord: HeldOutRecord
        var elapsedSeconds: Double
        var compiles: Int
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
            logger.info("resuming at iteration \(saved.iteration + 1), round \(saved.round)")
        } else {
            checkpoint = Checkpoint(settings: settings, policy: initial.serialized(), iteration: 0, round: 0, best: [:],
                                    heldOutRecord: HeldOutRecord(), elapsedSeconds: 0, compiles: 0)
        }
        var policy = try Policy(text: checkpoint.policy)
        let (training, heldOut, baselines) = try setup.modulesWithBaselines(logger: logger)
        let baselineTotal = training.reduce(0) { $0 + baselines[$1.name]! }

        if checkpoint.iteration == 0 && checkpoint.round == 0 && !heldOut.isEmpty {
            try checkpoint.heldOutRecord.evaluate(policy, step: 0, unit: "iteration", modules: heldOut, baselines: baselines,
                                                  evaluator: evaluator, folder: folder, logger: logger)
        }
        while checkpoint.iteration < settings.iterations {
            while checkpoint.round <= settings.roundsPerIteration {
                let started = Date()
                let (improved, compiles) = try searchRound(&checkpoint, policy: policy, modules: training, baselines: baselines)
                let seconds = Date().timeIntervalSince(started)
                checkpoint.elapsedSeconds += seconds
                checkpoint.compiles += compiles
                let bestTotal = training.reduce(0) { $0 + (checkpoint.best[$1.name]?.textSize ?? baselines[$1.name]!) }
                let change = Double(bestTotal) / Double(baselineTotal) - 1
                let step = checkpoint.iteration * (settings.roundsPerIteration + 2) + checkpoint.round
                try folder.appendMetrics([
                    "step": step, "kind": "search", "iteration": checkpoint.iteration + 1, "round": checkpoint.round,
                    "perturbation": checkpoint.round == 0 ? "greedy" : settings.perturbations[checkpoint.round - 1].description,
                    "improved_modules": improved, "best_found_text_change": change, "compiles": compiles,
                    "seconds": seconds, "compiles_per_second": Double(compiles) / seconds,
                    "llc_skipped_so_far": evaluator.compiler.objectSizes?.hits ?? 0,
                ])
                checkpoint.round += 1
                try folder.saveCheckpoint(checkpoint)
                logger.info(Logger.Message(stringLiteral: String(format: "iteration %d round %d/%d: %d modules improved, best found .text %+.3f%% vs heuristic, %.1f compiles/s, %.0f s so far",
                           checkpoint.iteration + 1, checkpoint.round - 1, settings.roundsPerIteration, improved, change * 100,
                           Double(compiles) / seconds, checkpoint.elapsedSeconds)))
            }
            let started = Date()
            policy = try clone(checkpoint.best, named: policy.name, logger: logger)
            checkpoint.elapsedSeconds += Date().timeIntervalSince(started)
            checkpoint.iteration += 1
            checkpoint.round = 0
            checkpoint.policy = policy.serialized()
            try policy.write(to: folder.currentPolicy)
            if !heldOut.isEmpty {
                try checkpoint.heldOutRecord.evaluate(policy, step: checkpoint.iteration, unit: "iteration", modules: heldOut,
                                                      baselines: baselines, evaluator: evaluator, folder: folder, logger: logger)
            }
            try folder.saveCheckpoint(checkpoint)
        }
        return policy
    }

    /// One compile of every training module: greedy in round 0, sampled after. Keeps any
    /// trajectory smaller than the module's best so far (the heuristic's size at first).
    private func searchRound(_ checkpoint: inout Checkpoint, policy: Policy, modules: [TrainingModule],
                             baselines: [String: Int]) throws -> (improved: Int, compiles: Int) {
        let round = checkpoint.round
        let perturbation = round == 0 ? nil : settings.perturbations[round - 1]
        var compiled = policy
        switch perturbation {
        case .sample(let scale): compiled = PolicyParameters.scalingOutput(of: policy, by: scale)
        case .shift(let logit): compiled = PolicyParameters.shiftingOutput(of: policy, by: logit)
        case nil: break
        }
        let traceFolder = evaluator.scratch.appendingPathComponent("search")
        try? FileManager.default.removeItem(at: traceFolder)
        let seed = settings.seed &+ UInt64(checkpoint.iteration * 1_000 + round) &* 0x9e37_79b9_7f4a_7c15
        var greedy = true
        if case .sample = perturbation { greedy = false }
        let grid = try evaluator.sample(compiled, on: modules, samples: 1, seed: seed, greedy: greedy,
                                        baselines: baselines, traceFolder: traceFolder)
        var improved = 0
        var compiles = 0
        for (module, compile) in zip(modules, grid.map { $0[0] }) {
            guard let compile else { continue }
            compiles += 1
            let current = checkpoint.best[module.name]
            // Round 0 records the policy's own trajectory so every module has one to imitate;
            // after that only a strictly smaller module replaces it.
            let smaller = compile.textSize < (current?.textSize ?? baselines[module.name]!)
            guard smaller || current == nil else { continue }
            if smaller { improved += 1 }
            let relative = "best-trajectories/\(module.name).log"
            let destination = folder.root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: compile.trace, to: destination)
            checkpoint.best[module.name] = BestTrajectory(textSize: compile.textSize, trace: relative,
                                                          iteration: checkpoint.iteration + 1, round: round)
        }
        return (improved, compiles)
    }

    /// A policy cloned from the decisions taken on every module's best trajectory.
    private func clone(_ best: [String: BestTrajectory], named name: String, logger: Logger) throws -> Policy {
        var logs: [TrainingLog] = []
        for (module, trajectory) in best.sorted(by: { $0.key < $1.key }) {
            var trace = try TrainingLog(contentsOf: folder.root.appendingPathComponent(trajectory.trace))
            if trace.contexts.count == 1 { trace.contexts[0].name = module }
            logs.append(trace)
        }
        let dataset = try DecisionDataset(logs: logs, includingPluginFeatures: settings.pluginFeatures,
                                          includingHeuristicDecision: settings.heuristicInput)
        var configuration = BehaviourCloning.Configuration()
        configuration.policyName = name
        configuration.target = .taken
        configuration.epochs = settings.epochs
        configuration.inputs = settings.inputs
        configuration.seed = settings.seed
        let departures = zip(dataset.decisions, dataset.defaultDecisions).filter { $0 != $1 }.count
        let result = try BehaviourCloning.fit(dataset, configuration: configuration)
        logger.info(Logger.Message(stringLiteral: String(format: "cloned %d best trajectories: %d decisions, %d unlike the heuristic; %.2f%% reproduced",
                   logs.count, dataset.count, departures, result.trainingAgreement * 100)))
        return result.policy
    }
}

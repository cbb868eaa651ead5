import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// What a training run works on, whatever its algorithm: where it writes, how it compiles
/// and scores, and which modules it trains and is judged on.
public struct TrainingSetup<Evaluator: PolicyRewardEvaluator>: Sendable {
    public var folder: TrainingRunFolder
    public var evaluator: Evaluator
    public var training: [TrainingModule]
    public var heldOut: [TrainingModule]

    public init(folder: TrainingRunFolder, evaluator: Evaluator, training: [TrainingModule],
                heldOut: [TrainingModule]) {
        self.folder = folder
        self.evaluator = evaluator
        self.training = training
        self.heldOut = heldOut
    }

    /// Baselines for all modules; the modules of each list that have one.
    func modulesWithBaselines(logger: Logger) throws
        -> (training: [TrainingModule], heldOut: [TrainingModule], baselines: [String: Evaluator.Baseline])
    {
        let (baselines, failures) = try evaluator.baselines(training + heldOut)
        for (module, reason) in failures.sorted(by: { $0.key < $1.key }) { logger.warning("no baseline for \(module), left out: \(reason)") }
        let usableTraining = training.filter { baselines[$0.name] != nil }
        guard !usableTraining.isEmpty else { throw MLGOError.invalidArgument("no training module has a baseline") }
        return (usableTraining, heldOut.filter { baselines[$0.name] != nil }, baselines)
    }
}

/// The set-up of the trainers that optimise code size (`train es|ppo|search` for inlining).
public typealias SizeTrainingSetup = TrainingSetup<SizeRewardEvaluator>

/// What every size-training run does the same way, whatever its algorithm.
enum TrainingRunSupport {
    /// Refuses to start a second run over an existing one.
    static func checkIsNew(_ folder: TrainingRunFolder) throws {
        if FileManager.default.fileExists(atPath: folder.checkpoint.path) {
            throw MLGOError.invalidArgument("\(folder.root.path) already holds a run; pass --resume to continue it or choose another --output")
        }
    }

    /// With `resume`, the run's saved checkpoint, if it was made with `settings` (its length —
    /// steps or iterations — may grow; anything else must match), updated to `settings`.
    /// Otherwise nil, after checking that the folder holds no run to overwrite.
    static func resumableCheckpoint<C: RunCheckpoint>(
        _ type: C.Type, in folder: TrainingRunFolder, resume: Bool, settings: C.Settings,
        length: WritableKeyPath<C.Settings, Int>
    ) throws -> C? {
        guard resume, var saved = try folder.loadCheckpoint(C.self) else {
            try checkIsNew(folder)
            return nil
        }
        var comparable = saved.settings
        comparable[keyPath: length] = settings[keyPath: length]
        guard comparable == settings else {
            throw MLGOError.invalidArgument("\(folder.checkpoint.path) was made with other settings; resume with the same options or use a new --output")
        }
        saved.settings = settings
        return saved
    }
}

/// A trainer's checkpoint: whatever else it holds, the settings it was made with.
protocol RunCheckpoint: Codable {
    associatedtype Settings: Equatable
    var settings: Settings { get set }
}

/// The best held-out result of a run so far; part of every checkpoint.
struct HeldOutRecord: Codable {
    var bestChange: Double?
    var bestStep: Int?

    /// Evaluates `policy` on the held-out modules, logs the metrics line, and keeps the policy
    /// as best.mlgo if it is the best so far.
    mutating func evaluate<Evaluator: PolicyRewardEvaluator>(
        _ policy: Policy, step: Int, unit: String, modules: [TrainingModule], baselines: [String: Evaluator.Baseline],
        evaluator: Evaluator, folder: TrainingRunFolder, logger: Logger
    ) throws {
        let (change, compiled, grown) = try evaluator.totalChange(of: policy, on: modules, baselines: baselines, label: "held-out")
        try folder.appendMetrics(["step": step, "kind": "held_out", Evaluator.changeMetric: change, "modules": compiled, "grown": grown])
        let measure = Evaluator.measureName
        if bestChange.map({ change < $0 }) ?? true {
            bestChange = change
            bestStep = step
            try policy.write(to: folder.bestPolicy, comment: "Best on held-out modules at \(unit) \(step): \(measure) \(String(format: "%+.3f%%", change * 100)) vs LLVM.")
        }
        logger.info(Logger.Message(stringLiteral: String(format: "held-out at %@ %d: %@ %+.3f%% vs LLVM over %d modules, %d worse (best %+.3f%% at %@ %d)",
                   unit, step, measure, change * 100, compiled, grown, (bestChange ?? 0) * 100, unit, bestStep ?? 0)))
    }
}

import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Evolution strategies against real compiles: a step follows the better candidate, a step whose
/// candidates all compile to the same sizes moves nothing, the straggler cut can be switched off
/// (and a step it empties is retried), and a killed-and-resumed run without cuts ends exactly
/// where an uninterrupted one does, with the baseline cache reused.
final class EvolutionStrategiesRunTests: PluginTestCase {
    private var modules: [TrainingModule] = []
    private var initial: Policy!
    private var cache: BaselineCache!
    private var evaluator: SizeRewardEvaluator!

    override func setUpWithError() throws {
        try super.setUpWithError()
        modules = try ["treap", "json_lexer", "bitset", "linked_list"].map { name in
            TrainingModule(corpus: "bundled", module: name, bitcode: try bundledBitcode(name))
        }
        initial = try Policy(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz-clone/policy.mlgo"))
        cache = BaselineCache(file: scratch.appendingPathComponent("baselines.json"), logger: TestEnvironment.recordingLogger().logger)
        evaluator = SizeRewardEvaluator(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2,
                                        scratch: scratch.appendingPathComponent("work"), cache: cache)
    }

    /// Settings that compile every training module (all but the last) in every step.
    private func settings(pairs: Int, sigma: Float, steps: Int) -> EvolutionStrategiesSettings {
        var settings = EvolutionStrategiesSettings()
        settings.strategy.pairs = pairs
        settings.strategy.sigma = sigma
        settings.modulesPerStep = modules.count - 1
        settings.evaluateEvery = 2
        settings.steps = steps
        // Which compiles a straggler cut drops depends on wall time; these runs must be exact.
        settings.stragglerFactor = nil
        return settings
    }

    private func run(_ folder: String, _ settings: EvolutionStrategiesSettings, resume: Bool = false,
                     logger: Logger = TestEnvironment.recordingLogger().logger) throws -> Policy {
        try EvolutionStrategiesRun(settings: settings, setup: sizeTrainingSetup(folder, evaluator: evaluator, modules: modules))
            .run(initial: initial, resume: resume, logger: logger)
    }

    private func trainMetrics(_ folder: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: scratch.appendingPathComponent("\(folder)/metrics.jsonl"), encoding: .utf8)
        return text.split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["kind"] as? String == "train" }
    }

    /// One antithetic pair: the step's fitness is measured here independently, and the policy
    /// must end nearer the candidate with the smaller code.
    func testAStepMovesTowardsTheBetterCandidate() throws {
        let settings = settings(pairs: 1, sigma: 0.3, steps: 1)
        let theta = PolicyParameters.flatten(initial)
        let noise = EvolutionStrategies.perturbations(step: 0, count: theta.count, pairs: 1, seed: settings.strategy.seed)
        let state = EvolutionStrategies.State(parameters: theta, configuration: settings.strategy)
        let candidates = EvolutionStrategies.candidates(state, noise, sigma: settings.strategy.sigma)
        let training = Array(modules.dropLast())
        let (baselines, _) = try evaluator.baselines(training)
        let grid = try evaluator.evaluate(candidates.map { PolicyParameters.policy(initial, with: $0) },
                                          on: training, baselines: baselines)
        let fitness = try grid.map { row in try row.map { try XCTUnwrap($0).reward }.reduce(0, +) / Double(row.count) }
        XCTAssertNotEqual(fitness[0], fitness[1], "the pair must differ for this test to mean anything")
        let (better, worse) = fitness[0] > fitness[1] ? (candidates[0], candidates[1]) : (candidates[1], candidates[0])

        let moved = PolicyParameters.flatten(try run("one-step", settings))
        func distance(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        XCTAssertLessThan(distance(moved, better), distance(moved, worse))
        XCTAssertLessThan(distance(moved, better), distance(theta, better))
    }

    /// The clone's logits are in the tens: perturbations of 1e-4 flip no decision, every
    /// candidate compiles to the heuristic's sizes, and the policy must stay exactly where it was.
    /// Without a straggler cut (as every run here) nothing is cut or retried, either.
    func testTiedFitnessLeavesThePolicyInPlace() throws {
        let (logger, handler) = TestEnvironment.recordingLogger()
        let result = try run("tied", settings(pairs: 2, sigma: 1e-4, steps: 2), logger: logger)
        let log = handler.entries.map { "\($0.message)" }
        let steps = try trainMetrics("tied")
        XCTAssertEqual(steps.count, 2)
        for step in steps {
            XCTAssertEqual(step["best_candidate_reward"] as? Double, step["mean_reward"] as? Double, "candidates must tie: \(step)")
            XCTAssertEqual(step["cut_or_failed"] as? Int, 0)
        }
        XCTAssertFalse(log.contains { $0.contains("retrying") }, "\(log)")
        let moved = zip(PolicyParameters.flatten(result), PolicyParameters.flatten(initial)).filter { $0 != $1 }.count
        XCTAssertTrue(result == initial, "\(moved) parameters moved")
    }

    /// A deadline of almost nothing cuts every compile of the second step, which is then retried
    /// without one (the tests above run with the cut switched off and see no retry).
    func testStragglerCutRetriesALostStep() throws {
        var cutting = settings(pairs: 1, sigma: 1e-4, steps: 2)
        cutting.stragglerFactor = 1e-9
        let (logger, handler) = TestEnvironment.recordingLogger()
        _ = try run("cutting", cutting, logger: logger)
        let retries = handler.entries.filter { "\($0.message)".contains("retrying the step") }
        XCTAssertFalse(retries.isEmpty, "\(handler.entries)")
        XCTAssertTrue(retries.allSatisfy { $0.level == .warning }, "a retried step is a warning: \(retries)")
        XCTAssertEqual(try trainMetrics("cutting").count, 2)
    }

    func testResumedRunMatchesAnUninterruptedOne() throws {
        let straight = try run("straight", settings(pairs: 2, sigma: 0.3, steps: 3))
        _ = try run("interrupted", settings(pairs: 2, sigma: 0.3, steps: 2))
        let resumed = try run("interrupted", settings(pairs: 2, sigma: 0.3, steps: 3), resume: true)
        XCTAssertEqual(resumed, straight)
        // Not evidence that ES works (the tests above are): only that the runs compared did something.
        XCTAssertNotEqual(straight, initial)
        XCTAssertEqual(cache.count, 4)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("baselines.json").path))

        XCTAssertEqual(try trainMetrics("interrupted").count, 3)
        XCTAssertThrowsError(try run("straight", settings(pairs: 2, sigma: 0.3, steps: 3))) { error in
            XCTAssertTrue("\(error)".contains("--resume"), "\(error)")
        }
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Evolution strategies against real compiles: a killed-and-resumed run ends exactly where an
/// uninterrupted one does, and the baseline cache is reused.
final class EvolutionStrategiesRunTests: PluginTestCase {
    func testResumedRunMatchesAnUninterruptedOne() throws {
        let modules = try ["treap", "json_lexer", "bitset", "linked_list"].map { name in
            TrainingModule(corpus: "bundled", module: name, bitcode: try bundledBitcode(name))
        }
        let initial = try Policy(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz-clone/policy.mlgo"))
        var settings = EvolutionStrategiesRun.Settings()
        settings.strategy.pairs = 2
        settings.strategy.sigma = 0.3
        settings.modulesPerStep = 3
        settings.evaluateEvery = 2
        let cache = BaselineCache(file: scratch.appendingPathComponent("baselines.json"))
        let evaluator = SizeRewardEvaluator(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2,
                                            scratch: scratch.appendingPathComponent("work"), cache: cache)
        func run(_ folder: String, steps: Int, resume: Bool) throws -> Policy {
            settings.steps = steps
            return try EvolutionStrategiesRun(settings: settings, setup: sizeTrainingSetup(folder, evaluator: evaluator, modules: modules))
                .run(initial: initial, resume: resume) { _ in }
        }
        let straight = try run("straight", steps: 3, resume: false)
        _ = try run("interrupted", steps: 2, resume: false)
        let resumed = try run("interrupted", steps: 3, resume: true)
        XCTAssertEqual(resumed, straight)
        XCTAssertNotEqual(straight, initial)
        XCTAssertEqual(cache.count, 4)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("baselines.json").path))

        let metrics = try String(contentsOf: scratch.appendingPathComponent("interrupted/metrics.jsonl"), encoding: .utf8)
        XCTAssertEqual(metrics.split(separator: "\n").filter { $0.contains("\"kind\":\"train\"") }.count, 3)
        XCTAssertThrowsError(try run("straight", steps: 3, resume: false)) { error in
            XCTAssertTrue("\(error)".contains("--resume"), "\(error)")
        }
    }
}

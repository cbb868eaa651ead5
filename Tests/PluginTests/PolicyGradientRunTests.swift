import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// PPO against real compiles: sampled decisions reach the trainer, and a resumed run ends
/// exactly where an uninterrupted one does.
final class PolicyGradientRunTests: PluginTestCase {
    func testResumedRunMatchesAnUninterruptedOne() throws {
        let modules = try ["json_lexer", "bytecode_vm", "expr_parser", "treap"].map { name in
            TrainingModule(corpus: "bundled", module: name, bitcode: try bundledBitcode(name))
        }
        // A hesitant start (logits shrunk), so that sampled compiles differ and advantages are not all zero.
        var initial = try Policy(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz-clone/policy.mlgo"))
        let last = initial.layers.count - 1
        initial.layers[last].weights = initial.layers[last].weights.map { $0 * 0.02 }
        initial.layers[last].bias = initial.layers[last].bias.map { $0 * 0.02 }

        var settings = PolicyGradientRun.Settings()
        settings.modulesPerIteration = 3
        settings.samplesPerModule = 2
        settings.exploration = 0.05
        settings.evaluateEvery = 2
        settings.ppo.learningRate = 1e-3
        let evaluator = SizeRewardEvaluator(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2,
                                            scratch: scratch.appendingPathComponent("work"),
                                            cache: BaselineCache(file: scratch.appendingPathComponent("baselines.json"), logger: TestEnvironment.recordingLogger().logger))
        func run(_ folder: String, iterations: Int, resume: Bool) throws -> Policy {
            settings.iterations = iterations
            return try PolicyGradientRun(settings: settings, setup: sizeTrainingSetup(folder, evaluator: evaluator, modules: modules))
                .run(initial: initial, resume: resume, logger: TestEnvironment.recordingLogger().logger)
        }
        let straight = try run("straight", iterations: 3, resume: false)
        _ = try run("interrupted", iterations: 2, resume: false)
        let resumed = try run("interrupted", iterations: 3, resume: true)
        XCTAssertEqual(resumed, straight)
        XCTAssertNotEqual(straight, initial, "sampled decisions should have moved the policy")

        let metrics = try String(contentsOf: scratch.appendingPathComponent("straight/metrics.jsonl"), encoding: .utf8)
        let trainLines = metrics.split(separator: "\n").filter { $0.contains("\"kind\":\"train\"") }
        XCTAssertEqual(trainLines.count, 3)
        XCTAssertTrue(trainLines.allSatisfy { !$0.contains("\"decisions\":0,") })
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("straight/best.mlgo").path))
    }
}

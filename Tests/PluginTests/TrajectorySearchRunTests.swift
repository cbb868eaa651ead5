import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Trajectory search against real compiles: every training module keeps a trajectory no larger
/// than the starting policy's, and a resumed run ends where an uninterrupted one does.
final class TrajectorySearchRunTests: PluginTestCase {
    func testSearchKeepsBestTrajectoriesAndResumesExactly() throws {
        let modules = try ["json_lexer", "bytecode_vm", "expr_parser", "treap"].map { name in
            TrainingModule(corpus: "bundled", module: name, bitcode: try bundledBitcode(name))
        }
        let initial = try Policy(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz-clone/policy.mlgo"))
        var settings = TrajectorySearchRun.Settings()
        settings.perturbations = [.sample(outputScale: 0.02), .shift(logit: -30)]
        settings.epochs = 5
        let evaluator = SizeRewardEvaluator(compiler: ModuleCompiler(toolchain: toolchain, objectSizes: ObjectSizeCache()),
                                            jobs: 2, scratch: scratch.appendingPathComponent("work"),
                                            cache: BaselineCache(file: scratch.appendingPathComponent("baselines.json")))
        func run(_ folder: String, iterations: Int, resume: Bool) throws -> Policy {
            settings.iterations = iterations
            return try TrajectorySearchRun(settings: settings, setup: sizeTrainingSetup(folder, evaluator: evaluator, modules: modules))
                .run(initial: initial, resume: resume) { _ in }
        }
        let straight = try run("straight", iterations: 2, resume: false)
        _ = try run("interrupted", iterations: 1, resume: false)
        let resumed = try run("interrupted", iterations: 2, resume: true)
        XCTAssertEqual(resumed, straight)

        let (baselines, _) = try evaluator.baselines(modules)
        let greedy = try evaluator.evaluate([initial], on: modules, baselines: baselines)[0]
        let checkpoint = try JSONSerialization.jsonObject(
            with: Data(contentsOf: scratch.appendingPathComponent("straight/checkpoint.json"))) as! [String: Any]
        let best = checkpoint["best"] as! [String: [String: Any]]
        XCTAssertEqual(Set(best.keys), Set(modules.dropLast().map(\.name)), "every training module, never the held-out one")
        for (module, trajectory) in best {
            let start = greedy[modules.firstIndex { $0.name == module }!]!.textSize
            XCTAssertLessThanOrEqual(trajectory["textSize"] as! Int, start, "never worse than the starting policy: \(module)")
            XCTAssertTrue(FileManager.default.fileExists(
                atPath: scratch.appendingPathComponent("straight").appendingPathComponent(trajectory["trace"] as! String).path))
        }
        let metrics = try String(contentsOf: scratch.appendingPathComponent("straight/metrics.jsonl"), encoding: .utf8)
        XCTAssertEqual(metrics.split(separator: "\n").filter { $0.contains("\"kind\":\"search\"") }.count, 6)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("straight/best.mlgo").path))
    }
}

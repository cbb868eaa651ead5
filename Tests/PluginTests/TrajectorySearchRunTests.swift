import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Trajectory search against real compiles: every training module keeps a trajectory no larger
/// than the starting policy's, a resumed run ends where an uninterrupted one does, and the search
/// finds a known smaller module that its starting policy misses.
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
                                            cache: BaselineCache(file: scratch.appendingPathComponent("baselines.json"), logger: TestEnvironment.recordingLogger().logger))
        func run(_ folder: String, iterations: Int, resume: Bool) throws -> Policy {
            settings.iterations = iterations
            return try TrajectorySearchRun(settings: settings, setup: sizeTrainingSetup(folder, evaluator: evaluator, modules: modules))
                .run(initial: initial, resume: resume, logger: TestEnvironment.recordingLogger().logger)
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

    /// `mix` is called from twelve functions: a copy in each (what an always-inlining start
    /// policy does) is larger than one out-of-line copy. Shifting every logit by −40 turns the
    /// start into a never-inlining policy, so the search must find that smaller module, and the
    /// policy cloned from the best trajectory must compile to it.
    func testSearchFindsTheSmallerModuleItsStartMisses() throws {
        let manyCalls = "static int mix(unsigned value) {\n value ^= value >> 13; value *= 0x5bd1e995u; value ^= value >> 15;\n"
            + " value = (value << 7) | (value >> 25); return (int)(value * 2654435761u + (value >> 3));\n}\n"
            // Callers of two shapes, so the cloned callsites' features are not all alike.
            + (0..<12).map { index in
                index.isMultiple(of: 2) ? "int use\(index)(unsigned value) { return mix(value + \(index)u); }\n"
                    : "int use\(index)(unsigned value) { return value > \(index)u ? mix(value - \(index)u) : \(index); }\n"
            }.joined()
        let modules = [
            TrainingModule(corpus: "test", module: "many_calls",
                           bitcode: try TestEnvironment.bitcode(fromC: manyCalls, named: "many_calls", in: scratch, toolchain: toolchain)),
            TrainingModule(corpus: "bundled", module: "treap", bitcode: try bundledBitcode("treap")),
        ]
        let always = try TestEnvironment.constantPolicy(logit: 20, named: "always", in: scratch)
        let never = try TestEnvironment.constantPolicy(logit: -20, named: "never", in: scratch)
        let compiler = ModuleCompiler(toolchain: toolchain)
        func size(_ policy: URL) throws -> Int {
            try compiler.compile(bitcode: modules[0].bitcode, setup: InliningSetup(mode: .release, policy: policy),
                                 scratch: scratch).textSize
        }
        let (startSize, betterSize) = (try size(always), try size(never))
        XCTAssertLessThan(betterSize, startSize, "the module is built so that not inlining mix is smaller")

        var settings = TrajectorySearchRun.Settings()
        settings.iterations = 1
        settings.perturbations = [.shift(logit: -40)]
        settings.epochs = 20
        let evaluator = SizeRewardEvaluator(compiler: compiler, jobs: 2, scratch: scratch.appendingPathComponent("work"),
                                            cache: BaselineCache(file: scratch.appendingPathComponent("baselines.json"), logger: TestEnvironment.recordingLogger().logger))
        let found = try TrajectorySearchRun(settings: settings, setup: sizeTrainingSetup("search", evaluator: evaluator, modules: modules))
            .run(initial: try Policy(contentsOf: always), resume: false, logger: TestEnvironment.recordingLogger().logger)

        let checkpoint = try JSONSerialization.jsonObject(
            with: Data(contentsOf: scratch.appendingPathComponent("search/checkpoint.json"))) as! [String: Any]
        let best = try XCTUnwrap((checkpoint["best"] as? [String: [String: Any]])?["test/many_calls"])
        XCTAssertEqual(best["textSize"] as? Int, betterSize, "the search reaches the never-inlining size (start: \(startSize))")
        XCTAssertEqual(best["round"] as? Int, 1, "found by the shifted round, not the greedy one")
        let cloned = scratch.appendingPathComponent("cloned.mlgo")
        try found.write(to: cloned)
        XCTAssertEqual(try size(cloned), betterSize, "the policy cloned from the best trajectory compiles to it")
    }
}

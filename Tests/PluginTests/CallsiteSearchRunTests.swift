import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// The per-callsite search over real compiles: it finds a known improvement, its decisions
/// replay to the size it reports, and a resumed run repeats nothing.
final class CallsiteSearchRunTests: PluginTestCase {
    /// `mix` is called from eight functions: a copy in each (what the always-inlining start
    /// does) is larger than one out-of-line copy.
    private func manyCallsModule() throws -> TrainingModule {
        let source = "static int mix(unsigned v) {\n v ^= v >> 13; v *= 0x5bd1e995u; v ^= v >> 15;\n"
            + " v = (v << 7) | (v >> 25); return (int)(v * 2654435761u + (v >> 3));\n}\n"
            + (0..<8).map { "int use\($0)(unsigned v) { return mix(v + \($0)u); }\n" }.joined()
        return TrainingModule(corpus: "test", module: "many_calls",
                              bitcode: try TestEnvironment.bitcode(fromC: source, named: "many_calls", in: scratch, toolchain: toolchain))
    }

    func testFindsAKnownImprovementThatReplaysAndResumes() throws {
        let modules = [try manyCallsModule(), TrainingModule(corpus: "bundled", module: "treap", bitcode: try bundledBitcode("treap"))]
        let always = try TestEnvironment.constantPolicy(logit: 20, named: "always", in: scratch)
        let never = try TestEnvironment.constantPolicy(logit: -20, named: "never", in: scratch)
        let compiler = ModuleCompiler(toolchain: toolchain, objectSizes: ObjectSizeCache())
        func size(_ setup: InliningSetup, _ module: TrainingModule) throws -> Int {
            try compiler.compile(bitcode: module.bitcode, setup: setup, scratch: scratch).textSize
        }
        let startSize = try size(InliningSetup(mode: .release, policy: always), modules[0])
        let neverSize = try size(InliningSetup(mode: .release, policy: never), modules[0])
        XCTAssertLessThan(neverSize, startSize)

        var settings = CallsiteSearchRun.Settings()
        settings.search.budget = 30
        settings.start = .policyFile(always.path)
        let folder = scratch.appendingPathComponent("search")
        let run = CallsiteSearchRun(settings: settings, modules: modules, compiler: compiler, jobs: 2, folder: folder)
        let records = try run.run(resume: false, logger: TestEnvironment.recordingLogger().logger)
        XCTAssertEqual(records.count, 2)
        let found = records[0].search
        XCTAssertEqual(found.startSize, startSize)
        XCTAssertLessThanOrEqual(found.bestSize, neverSize, "at least as small as never inlining mix")
        XCTAssertTrue(found.forced.allSatisfy { !$0.taken && $0.key.callee == "mix" }, "\(found.forced)")
        XCTAssertLessThanOrEqual(found.compiles, 30)

        // The saved decisions reproduce the best size, with nothing left to the start policy.
        for (module, record) in zip(modules, records) {
            let replay = InliningSetup(mode: .train, decisions: run.decisionsFile(for: module))
            XCTAssertEqual(try size(replay, module), record.search.bestSize, module.name)
            XCTAssertLessThanOrEqual(record.search.bestSize, record.search.startSize)
        }
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("| test | 1 |"), summary)

        // A resumed run finds both modules done and compiles nothing.
        let lines = try String(contentsOf: folder.appendingPathComponent("results.jsonl"), encoding: .utf8)
        let again = try run.run(resume: true, logger: TestEnvironment.recordingLogger().logger)
        XCTAssertEqual(again.map(\.search.bestSize), records.map(\.search.bestSize))
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("results.jsonl"), encoding: .utf8), lines)
        XCTAssertThrowsError(try run.run(resume: false, logger: TestEnvironment.recordingLogger().logger), "a second run over the first needs --resume")
    }
}

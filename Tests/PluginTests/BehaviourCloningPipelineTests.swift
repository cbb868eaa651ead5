import Foundation
import MLGOCompile
import MLGOCore
import MLGOCorpus
import MLGOExport
import MLGOReports
import MLGOTestSupport
import MLGOTraining
import XCTest

/// The whole chain on real modules: build a corpus, trace LLVM's decisions, clone them, run the
/// clone in the plugin, compare sizes.
final class BehaviourCloningPipelineTests: PluginTestCase {
    func testClonedPolicyReproducesMostHeuristicDecisions() throws {
        let sources = scratch.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        for name in ["bytecode_vm", "json_lexer", "expr_parser", "treap", "avl_tree", "sort_algorithms", "geometry2d", "escape_decoder"] {
            try FileManager.default.copyItem(at: TestEnvironment.bundledSources.appendingPathComponent(name + ".c"),
                                             to: sources.appendingPathComponent(name + ".c"))
        }
        try Data("int broken( {".utf8).write(to: sources.appendingPathComponent("broken.c"))
        let (corpus, failures) = try SourceCorpusBuilder(toolchain: toolchain, jobs: 2)
            .build(sources: sources, output: scratch.appendingPathComponent("corpus"))
        XCTAssertEqual(corpus.modules.count, 8)
        XCTAssertEqual(failures.map(\.source), ["broken.c"])
        XCTAssertEqual(try Corpus(loadingFrom: corpus.root).modules, corpus.modules)

        let traces = scratch.appendingPathComponent("traces")
        try FileManager.default.createDirectory(at: traces, withIntermediateDirectories: true)
        let runner = CorpusRunner(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2, scratch: scratch.appendingPathComponent("objects"))
        let runs = try runner.run(corpus) { module in
            InliningSetup(mode: .train, trace: traces.appendingPathComponent(module + ".log"))
        }
        XCTAssertTrue(runs.allSatisfy { $0.failure == nil })
        let logs = try runs.compactMap(\.trace).map { try TrainingLog(contentsOf: $0) }
        let dataset = try DecisionDataset(logs: logs)
        XCTAssertGreaterThan(dataset.count, 500)

        var configuration = BehaviourCloning.Configuration()
        configuration.epochs = 25
        let result = try BehaviourCloning.fit(dataset, configuration: configuration)
        XCTAssertGreaterThan(result.trainingAgreement, 0.97)
        XCTAssertLessThan(result.lossHistory.last!, result.lossHistory.first!)

        let policyURL = scratch.appendingPathComponent("clone.mlgo")
        try result.policy.write(to: policyURL)
        XCTAssertEqual(try Policy(contentsOf: policyURL), result.policy)
        XCTAssertTrue(CExporter.source(for: result.policy, provenance: "test").contains("mlgo_embedded_inline_policy"))

        let report = try SizeComparison.compare(corpus: corpus, policyName: "clone", policySetup: InliningSetup(mode: .release, policy: policyURL),
                                                runner: runner, traceFolder: scratch.appendingPathComponent("eval"))
        XCTAssertEqual(report.modules.count, 8)
        XCTAssertGreaterThan(report.agreement, 0.95)
        XCTAssertLessThan(abs(report.totalChange), 0.03)
    }
}

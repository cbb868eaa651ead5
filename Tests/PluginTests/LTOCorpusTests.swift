import Foundation
import MLGOCompile
import MLGOCore
import MLGOCorpus
import MLGOReports
import MLGOTestSupport
import XCTest

/// `corpus lto`: ThinLTO and full-LTO corpora made by lld-22 from a per-module corpus, compiled
/// the way lld's LTO pipelines compile them.
final class LTOCorpusTests: PluginTestCase {
    /// TestEnvironment's linked program (a link has cross-module decisions of its own), with
    /// `extra.o`, an archive member `prog` never needs.
    private let sources = TestEnvironment.linkedProgramSources.merging([
        "extra.o": "int never_called(int value) { return value * 3; }\n",
        "corrupt.o": "int fine(void) { return 1; }\n",
    ]) { shared, _ in shared }

    private var targets: [LinkTarget] {
        [LinkTarget(name: "prog", kind: .executable, modules: ["main.o", "sum.o"], archive: ["scale.o", "extra.o"]),
         LinkTarget(name: "libscale.so", kind: .shared, modules: ["scale.o", "sum.o"]),
         LinkTarget(name: "broken", kind: .executable, modules: ["corrupt.o"]),
         LinkTarget(name: "absent", kind: .executable, modules: ["nowhere.o"])]
    }

    /// The per-module corpus, with `corrupt.o`'s bitcode overwritten by garbage.
    private func makeSourceCorpus() throws -> Corpus {
        let corpus = try TestEnvironment.corpus(fromC: sources, named: "project", in: scratch, toolchain: toolchain)
        try Data("not bitcode".utf8).write(to: corpus.bitcodeURL("corrupt.o"))
        return corpus
    }

    private func build(_ kind: LTOCorpusBuilder.Kind, from source: Corpus) throws
        -> (corpus: Corpus, references: [LTOCorpusBuilder.Reference], failures: [LTOCorpusBuilder.Failure])
    {
        try LTOCorpusBuilder(clang: toolchain.clang, kind: kind, jobs: 2)
            .build(from: source, targets: targets, output: scratch.appendingPathComponent("lto-\(kind.rawValue)"),
                   work: scratch.appendingPathComponent("work-\(kind.rawValue)"))
    }

    /// Compiles the corpus the way training does, LLVM deciding, links its targets, and checks
    /// each against lld's own link.
    private func assertStandInMatchesLLD(_ built: (corpus: Corpus, references: [LTOCorpusBuilder.Reference], failures: [LTOCorpusBuilder.Failure]),
                                         file: StaticString = #filePath, line: UInt = #line) throws {
        let links = try LinkTargetList(contentsOf: built.corpus.root.appendingPathComponent("links.json"))
        XCTAssertEqual(links.project, built.corpus.name, file: file, line: line)
        let checks = try LTOCorpusBuilder.checkStandIn(built.corpus, references: built.references, links: links, toolchain: toolchain,
                                                       jobs: 2, timeout: 120, scratch: scratch.appendingPathComponent("check"))
        XCTAssertEqual(checks.map(\.target).sorted(), ["libscale.so", "prog"], file: file, line: line)
        for check in checks {
            let standIn = try XCTUnwrap(check.standInText, check.failure ?? "", file: file, line: line)
            // lld and the system linker differ by a few bytes of start-up code and padding.
            XCTAssertLessThanOrEqual(abs(standIn - check.lldText), 16, "\(check.target): \(standIn) vs lld \(check.lldText)",
                                     file: file, line: line)
        }
        let reasons = Dictionary(uniqueKeysWithValues: built.failures.map { ($0.target, $0.reason) })
        XCTAssertEqual(Set(reasons.keys), ["broken", "absent"], file: file, line: line)
        XCTAssertTrue(reasons["broken"]?.contains("pre-link of corrupt.o") == true, reasons["broken"] ?? "", file: file, line: line)
        XCTAssertTrue(reasons["absent"]?.contains("nowhere.o is not in corpus") == true, reasons["absent"] ?? "", file: file, line: line)
    }

    /// The plugin's phase features in a train-mode trace of `module`, compiled in its corpus's phase.
    private func assertPhaseFeatures(of corpus: Corpus, module: String, thinLTOBackend: Double, fullLTOLink: Double,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        var compiler = ModuleCompiler(toolchain: toolchain)
        compiler.phase = corpus.phase
        let trace = scratch.appendingPathComponent("\(corpus.phase.rawValue).log")
        _ = try compiler.compile(bitcode: corpus.bitcodeURL(module), setup: InliningSetup(mode: .train, trace: trace), scratch: scratch)
        let log = try TrainingLog(contentsOf: trace)
        let context = try XCTUnwrap(log.contexts.first, file: file, line: line)
        XCTAssertGreaterThan(context.observationCount, 0, file: file, line: line)
        for row in 0..<context.observationCount {
            XCTAssertEqual(log.scalar(log.featureIndex(named: "thinlto_backend")!, observation: row, in: context), thinLTOBackend,
                           file: file, line: line)
            XCTAssertEqual(log.scalar(log.featureIndex(named: "full_lto_link")!, observation: row, in: context), fullLTOLink,
                           file: file, line: line)
        }
    }

    func testAThinLTOCorpusHasMLCompilerOptsLayoutAndCompilesAsLLDsBackEnds() throws {
        let source = try makeSourceCorpus()
        let built = try build(.thin, from: source)
        let corpus = try Corpus(loadingFrom: built.corpus.root)
        XCTAssertTrue(corpus.description.hasThinLTO)
        XCTAssertEqual(corpus.phase, .thinLTOBackend)
        XCTAssertEqual(corpus.modules, ["libscale.so/scale.o", "libscale.so/sum.o", "prog/main.o", "prog/scale.o", "prog/sum.o"],
                       "one back end per target and object; the unused archive member has none")
        for module in corpus.modules {
            XCTAssertTrue(FileManager.default.fileExists(atPath: corpus.root.appendingPathComponent(module + ".thinlto.bc").path), module)
            XCTAssertTrue(corpus.command(for: module)?.contains { $0.hasPrefix("-fthinlto-index=") } == true, module)
        }
        try assertStandInMatchesLLD(built)
        try assertPhaseFeatures(of: corpus, module: "prog/main.o", thinLTOBackend: 1, fullLTOLink: 0)

        // The committed link-time policy reads the phase features and decides in a back end.
        var compiler = ModuleCompiler(toolchain: toolchain)
        compiler.phase = corpus.phase
        let linkTimePolicy = TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-lto/policy.mlgo")
        XCTAssertTrue(try Policy(contentsOf: linkTimePolicy).features.contains("thinlto_backend"))
        let record = scratch.appendingPathComponent("thin.decisions")
        _ = try compiler.compile(bitcode: corpus.bitcodeURL("prog/main.o"),
                                 setup: InliningSetup(mode: .release, policy: linkTimePolicy, record: record), scratch: scratch)
        let decisions = try XCTUnwrap(InliningDecisions(contentsOf: record).onlyModule).decisions
        XCTAssertFalse(decisions.isEmpty)
        XCTAssertTrue(decisions.allSatisfy { $0.decidedBy == "policy" }, "\(decisions.map(\.decidedBy))")

        // Resumed: finished targets are taken from their markers, without the work folder.
        try FileManager.default.removeItem(at: scratch.appendingPathComponent("work-thin"))
        let again = try build(.thin, from: source)
        XCTAssertEqual(again.corpus.modules, corpus.modules)
        XCTAssertEqual(again.references, built.references)

        // With the plugin deciding (a policy that never inlines), the same folder is rebuilt, not reused.
        let never = try TestEnvironment.constantPolicy(logit: -5, named: "never", in: scratch)
        let decided = try LTOCorpusBuilder(clang: toolchain.clang, kind: .thin, jobs: 2,
                                           plugin: (toolchain.plugin, ["-mlgo-inline-mode=release", "-mlgo-inline-policy=\(never.path)"]))
            .build(from: source, targets: targets, output: built.corpus.root, work: scratch.appendingPathComponent("work-thin"))
        XCTAssertNotEqual(decided.references.map(\.lldText), built.references.map(\.lldText), "the policy's own links")
    }

    func testAFullLTOCorpusIsOneInternalizedProgramPerTargetAndThePluginDecidesInIt() throws {
        let built = try build(.full, from: try makeSourceCorpus())
        let corpus = try Corpus(loadingFrom: built.corpus.root)
        XCTAssertFalse(corpus.description.hasThinLTO)
        XCTAssertEqual(corpus.phase, .fullLTO)
        XCTAssertEqual(corpus.modules, ["libscale.so", "prog"])
        try assertStandInMatchesLLD(built)
        try assertPhaseFeatures(of: corpus, module: "prog", thinLTOBackend: 0, fullLTOLink: 1)

        var compiler = ModuleCompiler(toolchain: toolchain)
        compiler.phase = corpus.phase
        XCTAssertEqual(compiler.passes, "lto<O2>")
        let bitcode = corpus.bitcodeURL("prog")
        let stock = try compiler.compile(bitcode: bitcode, setup: .stock, scratch: scratch)
        XCTAssertEqual(try compiler.compile(bitcode: bitcode, setup: InliningSetup(mode: .heuristic), scratch: scratch).textSize,
                       stock.textSize, "heuristic mode is stock in the link-time pipeline too")
        let record = scratch.appendingPathComponent("prog.decisions")
        let never = try TestEnvironment.constantPolicy(logit: -5, named: "never", in: scratch)
        let declined = try compiler.compile(bitcode: bitcode, setup: InliningSetup(mode: .release, policy: never, record: record),
                                            scratch: scratch)
        XCTAssertFalse(try XCTUnwrap(InliningDecisions(contentsOf: record).onlyModule).decisions.isEmpty,
                       "the policy decides in lto<O2>")
        XCTAssertNotEqual(declined.textSize, stock.textSize)

        // The size report links the corpus's own targets from the link-time objects.
        let runner = CorpusRunner(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2, scratch: scratch.appendingPathComponent("report"))
        let links = try LinkTargetList(contentsOf: corpus.root.appendingPathComponent("links.json"))
        let report = try SizeComparison.compare(corpus: corpus, policyName: "never", policySetup: InliningSetup(mode: .release, policy: never),
                                                runner: runner, traceFolder: scratch.appendingPathComponent("traces"),
                                                linkTargets: links.targets)
        XCTAssertEqual(report.modules.first { $0.module == "prog" }?.baselineText, stock.textSize,
                       "the report compiles in the corpus's phase")
        XCTAssertEqual(report.linkedTargets.filter(\.linked).count, 2, "\(report.linkedTargets)")
        let reference = try XCTUnwrap(built.references.first { $0.target == "prog" })
        let linkedProg = try XCTUnwrap(report.linkedTargets.first { $0.target == "prog" }?.baselineText)
        XCTAssertLessThanOrEqual(abs(linkedProg - reference.lldText), 16)
    }

    func testCorporaOfDifferentPhasesAreNotMixedInOneCompiler() throws {
        let perModule = try TestEnvironment.corpus(fromC: ["a.o": "int a(void) { return 1; }\n"], named: "plain", in: scratch,
                                                   toolchain: toolchain)
        let thin = Corpus(root: scratch, description: .init(modules: [], hasThinLTO: true))
        XCTAssertEqual(try Corpus.commonPhase(of: [perModule, perModule]), .module)
        XCTAssertEqual(try Corpus.commonPhase(of: [thin]), .thinLTOBackend)
        XCTAssertThrowsError(try Corpus.commonPhase(of: [perModule, thin])) { error in
            XCTAssertTrue("\(error)".contains("mix compile phases"), "\(error)")
        }
    }
}

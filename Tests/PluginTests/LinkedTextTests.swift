import Foundation
import MLGOCompile
import MLGOCore
import MLGOReports
import MLGOTestSupport
import XCTest

/// `report size` with link targets, on a corpus of C modules written here.
final class LinkedTextTests: PluginTestCase {
    /// `sum` and `scale` shrink when their static helpers are inlined; `main` and `broken` call
    /// only external functions, so no inlining decision changes them.
    private let sources = TestEnvironment.linkedProgramSources.merging([
        "broken.o": """
        int missing_function(int value);
        int main(void) { return missing_function(1); }
        """,
    ]) { shared, _ in shared }

    private func makeCorpus() throws -> Corpus {
        try TestEnvironment.corpus(fromC: sources, named: "linked", in: scratch, toolchain: toolchain)
    }

    func testLinkedTargetsAreReportedAndFailuresKept() throws {
        let corpus = try makeCorpus()
        let links = LinkTargetList(project: corpus.name, targets: [
            LinkTarget(name: "prog", kind: .executable, modules: ["main.o", "sum.o"], archive: ["scale.o"]),
            LinkTarget(name: "libscale.so", kind: .shared, modules: ["scale.o", "sum.o"]),
            LinkTarget(name: "broken", kind: .executable, modules: ["broken.o"]),
            LinkTarget(name: "absent", kind: .executable, modules: ["nowhere.o"]),
        ])
        let linksURL = scratch.appendingPathComponent("links.json")
        try JSONEncoder().encode(links).write(to: linksURL)
        XCTAssertEqual(try LinkTargetList(contentsOf: linksURL), links, "links.json round-trips")

        let runner = CorpusRunner(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2,
                                  scratch: scratch.appendingPathComponent("work"))
        let report = try SizeComparison.compare(
            corpus: corpus, policyName: "heuristic", policySetup: InliningSetup(mode: .heuristic), runner: runner,
            traceFolder: scratch.appendingPathComponent("traces"), linkTargets: links.targets)

        let byName = Dictionary(uniqueKeysWithValues: report.linkedTargets.map { ($0.target, $0) })
        for name in ["prog", "libscale.so"] {
            let target = try XCTUnwrap(byName[name])
            XCTAssertNil(target.failure, name)
            XCTAssertGreaterThan(target.baselineText ?? 0, 0, name)
            XCTAssertEqual(target.baselineText, target.policyText, "\(name): the heuristic policy links the same code")
        }
        let broken = try XCTUnwrap(byName["broken"])
        XCTAssertFalse(broken.linked)
        XCTAssertTrue(broken.failure?.contains("missing_function") ?? false, broken.failure ?? "no failure")
        XCTAssertTrue(byName["absent"]?.failure?.contains("not in the corpus") ?? false)
        XCTAssertEqual(report.modules.count, 4, "module comparison unaffected")
        XCTAssertEqual(report.linkedBaselineTotal, byName["prog"]!.baselineText! + byName["libscale.so"]!.baselineText!)
        XCTAssertEqual(report.linkedTotalChange, 0)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: runner.scratch.path)) ?? []
        XCTAssertFalse(leftovers.contains { $0.hasPrefix("link-") }, "link work folder removed")

        try SizeReportPage.write([report], to: scratch.appendingPathComponent("out"))
        let markdown = try String(contentsOf: scratch.appendingPathComponent("out/report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("| prog | executable |"))
        XCTAssertTrue(markdown.contains("| broken | executable | failed:"))
        let html = try String(contentsOf: scratch.appendingPathComponent("out/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("Linked programs and libraries"))
        let decoded = try JSONDecoder().decode([SizeComparisonReport].self,
                                               from: Data(contentsOf: scratch.appendingPathComponent("out/report.json")))
        XCTAssertEqual(decoded.first?.linkedTargets, report.linkedTargets)
    }

    /// A policy that never inlines: `sum` and `scale` grow, `main` does not, and every linked
    /// target grows by the growth of the modules it links (its objects are those very objects,
    /// or their PIC twins, which are as large for these modules) — up to alignment padding.
    func testAPolicyUnlikeTheHeuristicChangesLinkedTextAsItsModulesPredict() throws {
        let corpus = try makeCorpus()
        let targets = [
            LinkTarget(name: "prog", kind: .executable, modules: ["main.o", "sum.o"], archive: ["scale.o"]),
            LinkTarget(name: "libscale.so", kind: .shared, modules: ["scale.o", "sum.o"]),
            LinkTarget(name: "broken", kind: .executable, modules: ["broken.o"]),
        ]
        let never = try TestEnvironment.constantPolicy(logit: -20, named: "never", in: scratch)
        let runner = CorpusRunner(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2,
                                  scratch: scratch.appendingPathComponent("work"))
        let report = try SizeComparison.compare(
            corpus: corpus, policyName: "never", policySetup: InliningSetup(mode: .release, policy: never), runner: runner,
            traceFolder: scratch.appendingPathComponent("traces"), linkTargets: targets)

        let growth = Dictionary(uniqueKeysWithValues: report.modules.map { ($0.module, $0.policyText - $0.baselineText) })
        XCTAssertEqual(growth["main.o"], 0, "nothing to inline in main")
        XCTAssertEqual(growth["broken.o"], 0, "nothing to inline in broken")
        XCTAssertGreaterThan(growth["sum.o"] ?? 0, 10, "step and fold stay out of line")
        XCTAssertGreaterThan(growth["scale.o"] ?? 0, 10, "twice, clamp and mix stay out of line")
        XCTAssertLessThan(report.modules.map(\.agreeing).reduce(0, +), report.decisions, "the policy departs from LLVM")

        let byName = Dictionary(uniqueKeysWithValues: report.linkedTargets.map { ($0.target, $0) })
        var linkedGrowth = 0
        for target in targets where target.name != "broken" {
            let linked = try XCTUnwrap(byName[target.name])
            let baseline = try XCTUnwrap(linked.baselineText, target.name)
            let policy = try XCTUnwrap(linked.policyText, target.name)
            let predicted = target.allModules.reduce(0) { $0 + growth[$1]! }
            // llc aligns each object's .text to 4 bytes at -Oz, so every object linked can move
            // the padding after it by at most 3 bytes; a module missed or linked from the wrong
            // side would be off by 10 or more.
            XCTAssertEqual(Double(policy - baseline), Double(predicted), accuracy: Double(3 * target.allModules.count),
                           "\(target.name): linked growth \(policy - baseline) bytes, modules' growth \(predicted)")
            XCTAssertGreaterThan(policy, baseline, target.name)
            linkedGrowth += policy - baseline
        }
        XCTAssertFalse(try XCTUnwrap(byName["broken"]).linked)
        XCTAssertEqual(report.linkedPolicyTotal - report.linkedBaselineTotal, linkedGrowth, "totals cover the linked targets only")
        XCTAssertGreaterThan(report.linkedTotalChange, 0)
        XCTAssertTrue(report.summary.contains("over 2 of 3 targets"), report.summary)
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOReports
import MLGOTestSupport
import XCTest

/// `report size` with link targets, on a corpus of three C modules written here.
final class LinkedTextTests: PluginTestCase {
    private let sources = [
        "main": """
        int checksum(const char *text);
        int scale(int value);
        int main(int argc, char **argv) { return scale(checksum(argc > 1 ? argv[1] : "x")) & 0x7f; }
        """,
        "sum": """
        static int step(int total, char c) { return total * 31 + c; }
        int checksum(const char *text) { int total = 0; while (*text) total = step(total, *text++); return total; }
        """,
        "scale": """
        static int twice(int value) { return value + value; }
        int scale(int value) { return twice(value) - 1; }
        int unused_by_main(int value) { return twice(twice(value)); }
        """,
        "broken": """
        int missing_function(int value);
        int main(void) { return missing_function(1); }
        """,
    ]

    /// A corpus folder of the modules (`<name>.o`) as `corpus extract` would write it.
    private func makeCorpus() throws -> Corpus {
        let root = scratch.appendingPathComponent("linked")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, source) in sources {
            let bitcode = try TestEnvironment.bitcode(fromC: source, named: name, in: scratch, toolchain: toolchain)
            try FileManager.default.moveItem(at: bitcode, to: root.appendingPathComponent("\(name).o.bc"))
            try Data("-Oz\0-c".utf8).write(to: root.appendingPathComponent("\(name).o.cmd"))
        }
        let corpus = Corpus(root: root, description: .init(modules: sources.keys.map { "\($0).o" }.sorted()))
        try corpus.writeDescription()
        return corpus
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
}

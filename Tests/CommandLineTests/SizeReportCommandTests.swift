import Foundation
import MLGOCore
import MLGOReports
import MLGOTestSupport
import XCTest

/// `mlgo-train report size` run as CI runs it, on a corpus written here and a policy that never
/// inlines: `grows` is larger without inlining, `flat` has nothing to inline.
final class SizeReportCommandTests: CommandLineTestCase {
    private let sources = [
        "grows": """
        static int step(int total, char c) { return total * 31 + c; }
        static int fold(int total) { return total ^ (total >> 16); }
        int checksum(const char *text) { int total = 0; while (*text) total = step(total, *text++); return fold(step(total, 0)); }
        """,
        "flat": "int leaf(int value) { return value * 7 + 3; }\n",
    ]

    private var corpus: URL!
    private var never: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        corpus = try TestEnvironment.corpus(fromC: sources, named: "cli", in: scratch, toolchain: toolchain).root
        never = try TestEnvironment.constantPolicy(logit: -20, named: "never", in: scratch)
    }

    /// `report size` over the corpus `cli` with the never-inlining policy, writing into `output`.
    private func report(_ output: String, _ extra: [String]) throws -> CommandOutput {
        try run("mlgo-train", ["report", "size", "--corpus", corpus.path, "--policy", never.path,
                               "--output", scratch.appendingPathComponent(output).path, "--jobs", "2",
                               "--plugin", toolchain.plugin] + extra)
    }

    private func reports(in output: String) throws -> [SizeComparisonReport] {
        try JSONDecoder().decode([SizeComparisonReport].self,
                                 from: Data(contentsOf: scratch.appendingPathComponent("\(output)/report.json")))
    }

    func testMaxRegressionExitsTwoOnlyWhenTheCorpusGrowsMoreThanTheLimit() throws {
        let strict = try report("strict", ["--max-regression", "0"])
        XCTAssertEqual(strict.exitCode, 2, strict.standardError)
        XCTAssertTrue(strict.standardError.contains("regression: cli .text +"), strict.standardError)
        let measured = try XCTUnwrap(try reports(in: "strict").first, "the report is written before the gate fails")
        XCTAssertEqual(measured.modules.map(\.module).sorted(), ["flat", "grows"])
        XCTAssertEqual(measured.modules.first { $0.module == "flat" }?.change, 0)
        let growth = measured.totalChange * 100
        XCTAssertGreaterThan(growth, 1, "never inlining step and fold must grow the corpus")

        let above = try report("above", ["--max-regression", String(format: "%.4f", growth + 0.01)])
        XCTAssertEqual(above.exitCode, 0, above.standardError)
        XCTAssertTrue(above.standardOutput.contains("cli: 2 modules"), above.standardOutput)
        let below = try report("below", ["--max-regression", String(format: "%.4f", growth - 0.01)])
        XCTAssertEqual(below.exitCode, 2, below.standardError)
    }

    /// Only the modules a provenance file holds out, of this corpus, are compared: `flat` does
    /// not change, so even a zero limit passes.
    func testHeldOutOfComparesOnlyTheListedModules() throws {
        let provenance = scratch.appendingPathComponent("provenance.json")
        try Data(#"{"held_out_modules": ["cli/flat", "other/grows"]}"#.utf8).write(to: provenance)
        let heldOut = try report("held-out", ["--held-out-of", provenance.path, "--max-regression", "0"])
        XCTAssertEqual(heldOut.exitCode, 0, heldOut.standardError)
        XCTAssertEqual(try reports(in: "held-out").first?.modules.map(\.module), ["flat"])
        XCTAssertTrue(heldOut.standardOutput.contains("cli: 1 modules"), heldOut.standardOutput)

        try Data(#"{"held_out": []}"#.utf8).write(to: provenance)
        let malformed = try report("malformed", ["--held-out-of", provenance.path])
        XCTAssertNotEqual(malformed.exitCode, 0)
        XCTAssertTrue(malformed.standardError.contains("held_out_modules"), malformed.standardError)
    }

    /// `mlgo-train margin` on an inlining policy, through the plugin: the never-inlining policy
    /// (logit −20) keeps its decisions with a margin of 10 and becomes LLVM's heuristic, byte for
    /// byte, with a margin of 30 (the plugin computes LLVM's decision for it).
    func testAnInliningMarginMovesThePolicyToLLVMsDecisions() throws {
        var changes: [String: [String: Double]] = [:]
        for margin in ["10", "30"] {
            let file = scratch.appendingPathComponent("never-m\(margin).mlgo")
            let made = try run("mlgo-train", ["margin", "--policy", never.path, "--margin", margin, "--output", file.path])
            XCTAssertEqual(made.exitCode, 0, made.standardError)
            XCTAssertTrue(made.standardOutput.contains("departing from LLVM's decision only by more than"), made.standardOutput)
            let output = try run("mlgo-train", ["report", "size", "--corpus", corpus.path, "--policy", file.path,
                                                "--output", scratch.appendingPathComponent("m\(margin)").path, "--jobs", "2",
                                                "--plugin", toolchain.plugin])
            XCTAssertEqual(output.exitCode, 0, output.standardError)
            let modules = try XCTUnwrap(try reports(in: "m\(margin)").first).modules
            changes[margin] = Dictionary(uniqueKeysWithValues: modules.map { ($0.module, $0.change) })
        }
        XCTAssertGreaterThan(changes["10"]?["grows"] ?? 0, 0.01, "within the margin of −20 the policy still never inlines")
        XCTAssertEqual(changes["30"], ["grows": 0, "flat": 0], "beyond every logit the margin gives LLVM's decisions")
    }
}

import Foundation
import MLGOCore
import MLGOReports
import MLGOTestSupport
import XCTest

/// The eviction problem end to end through `mlgo-train`, as a user runs it: an -O2 corpus,
/// traces of LLVM's default advisor, a behaviour clone, and the spill-cost report with its gate.
final class EvictionCommandTests: CommandLineTestCase {
    func testCollectCloneAndReportSpillCost() throws {
        let sources = scratch.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        for name in ["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser"] {
            try FileManager.default.copyItem(at: TestEnvironment.bundledSources.appendingPathComponent("\(name).c"),
                                             to: sources.appendingPathComponent("\(name).c"))
        }
        let corpus = scratch.appendingPathComponent("o2")
        let plugin = ["--plugin", toolchain.plugin, "--jobs", "2"]
        var output = try run("mlgo-train", ["corpus", "build", "--sources", sources.path, "--output", corpus.path, "--opt-level", "O2"] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(try String(contentsOf: corpus.appendingPathComponent("matrix_ops.cmd"), encoding: .utf8).contains("-O2"))

        let traces = scratch.appendingPathComponent("traces")
        output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", traces.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("o2: 4 eviction traces"), output.standardOutput)

        let clone = scratch.appendingPathComponent("clone/policy.mlgo")
        output = try run("mlgo-train", ["train", "bc", "--problem", "eviction", "--traces", traces.path, "--output", clone.path,
                                        "--epochs", "20", "--hidden", "16", "--holdout-fraction", "0"])
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertEqual(try Policy(contentsOf: clone).decision, EvictionTrace.decision)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("clone/provenance.json").path))

        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo")
        let report = scratch.appendingPathComponent("report")
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "clone=\(clone.path)",
                                        "--policy", "prior=\(prior.path)", "--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        XCTAssertEqual(decoded.configurations, ["default", "clone", "prior"])
        XCTAssertEqual(decoded.modules.count, 4)
        let totals = decoded.totals()
        let priorTotal = totals.first { $0.configuration == "prior" }!
        let best = totals.first { $0.configuration == "best per function" }!
        XCTAssertGreaterThan(priorTotal.costChange, 10, "the hand-written prior costs far more than LLVM on matrix_ops (docs/eviction.md)")
        XCTAssertLessThanOrEqual(best.weightedCost, totals.first { $0.configuration == "default" }!.weightedCost)
        XCTAssertTrue(try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8).contains("best per function"))

        // The gate: the prior as the first policy grows the cost past 5%.
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior.path)",
                                        "--output", scratch.appendingPathComponent("gate").path, "--max-regression", "5"] + plugin)
        XCTAssertEqual(output.exitCode, 2, output.standardError)
        XCTAssertTrue(output.standardError.contains("more than --max-regression"), output.standardError)
    }
}

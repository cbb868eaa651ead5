import Foundation
import MLGOCompile
import MLGOTestSupport
import XCTest

/// `mlgo-bench` smoke runs: the tiniest configurations, checking that each subcommand measures
/// what it says and writes it as JSON (its numbers are for docs/benchmarks.md, not for tests).
final class BenchCommandTests: CommandLineTestCase {
    func testCompileTimeMeasuresEveryVariantOnACorpusAndAGeneratedModule() throws {
        let corpus = try TestEnvironment.corpus(fromC: ["a": "static int twice(int x) { return x + x; }\nint f(int x) { return twice(x) + 1; }\n"],
                                                named: "bench", in: scratch, toolchain: toolchain)
        let json = scratch.appendingPathComponent("compile-time.json")
        let result = try run("mlgo-bench", ["compile-time", "--corpus", corpus.root.path, "--generated-functions", "20",
                                            "--repetitions", "2", "--plugin", toolchain.plugin, "--output", json.path])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, result.standardOutput)
        XCTAssertTrue(lines.first?.hasPrefix("bench: 1 modules; CPU s per pass:") ?? false, result.standardOutput)
        XCTAssertTrue(lines.last?.hasPrefix("generated (20 functions): 1 modules;") ?? false, result.standardOutput)
        for line in lines {
            for variant in ["stock", "advisor", "release"] {
                XCTAssertTrue(line.contains(" \(variant) "), "\(variant) missing: \(line)")
            }
            XCTAssertEqual(line.components(separatedBy: "(n=2)").count - 1, 3, line)
        }
        // The same numbers as JSON: every sample of every variant, and the overheads.
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(written["benchmark"] as? String, "compile-time")
        let results = try XCTUnwrap(written["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["input"] as? String }, ["bench", "generated (20 functions)"])
        for entry in results {
            let variants = try XCTUnwrap(entry["variants"] as? [String: [String: Any]])
            XCTAssertEqual(Set(variants.keys), ["stock", "advisor", "release"])
            XCTAssertEqual((variants["stock"]?["cpuSeconds"] as? [Double])?.count, 2)
            XCTAssertNotNil(variants["release"]?["overheadPercent"] as? Double)
            XCTAssertNil(variants["stock"]?["overheadPercent"], "the first variant is the reference")
        }
    }

    func testPluginLoadReportsThePluginsSize() throws {
        let json = scratch.appendingPathComponent("plugin-load.json")
        let result = try run("mlgo-bench", ["plugin-load", "--repetitions", "2", "--plugin", toolchain.plugin, "--output", json.path])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: toolchain.plugin)[.size] as? Int)
        XCTAssertTrue(result.standardOutput.contains("plugin \(toolchain.plugin): \(size) bytes"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("with plugin"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("load cost"), result.standardOutput)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(written["pluginBytes"] as? Int, size)
        XCTAssertEqual((written["withPluginCPUSeconds"] as? [Double])?.count, 2)
        XCTAssertNotNil(written["loadCostMilliseconds"] as? Double)
    }

    /// The plugin's time per eviction decision, from -mlgo-evict-stats, for two plugin builds side
    /// by side (here the same one twice: timings, not a comparison, so only their shape is checked).
    func testEvictionDecisionTimeComparesTwoPluginsSideBySide() throws {
        let sources = scratch.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestEnvironment.bundledSources.appendingPathComponent("matrix_ops.c"),
                                         to: sources.appendingPathComponent("matrix_ops.c"))
        let json = scratch.appendingPathComponent("decision-time.json")
        let policy = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo").path
        let result = try run("mlgo-bench", ["eviction", "--decision-time", "--sources", sources.path, "--generated-functions", "4",
                                            "--repetitions", "3", "--policy", policy, "--plugin", toolchain.plugin,
                                            "--baseline-plugin", toolchain.plugin, "--output", json.path])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        XCTAssertEqual(written["benchmark"] as? String, "eviction-decision-time")
        let results = try XCTUnwrap(written["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["input"] as? String }, ["corpus (1 modules)", "generated (4 functions)"])
        for entry in results {
            XCTAssertGreaterThan(entry["evictionDecisions"] as? Int ?? 0, 1, "\(entry)")
            let variants = try XCTUnwrap(entry["variants"] as? [String: [String: Any]])
            XCTAssertEqual(Set(variants.keys), ["plugin", "baseline"])
            for (name, variant) in variants {
                let samples = try XCTUnwrap(variant["microsecondsPerDecision"] as? [Double], name)
                XCTAssertEqual(samples.count, 3)
                XCTAssertTrue(samples.allSatisfy { $0 > 0 }, "\(name): \(samples)")
                // Without each process's first decision: cheaper or equal on average.
                let later = try XCTUnwrap(variant["laterMean"] as? Double, name)
                XCTAssertLessThanOrEqual(later, try XCTUnwrap(variant["mean"] as? Double))
            }
            let ratio = try XCTUnwrap(entry["ratioToBaseline"] as? [String: Double])
            let estimate = try XCTUnwrap(ratio["estimate"]), halfWidth = try XCTUnwrap(ratio["halfWidth"])
            XCTAssertGreaterThan(estimate, 0)
            XCTAssertGreaterThan(halfWidth, 0)
        }
    }

    /// The overhead benchmark with a policy that reads LLVM's choice (mlgo-train margin): the FIFO
    /// channel cannot provide it, so that variant is left out with a note, and the rest is measured.
    func testEvictionOverheadLeavesOutTheFIFOForAPolicyReadingLLVMsChoice() throws {
        let sources = scratch.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestEnvironment.bundledSources.appendingPathComponent("matrix_ops.c"),
                                         to: sources.appendingPathComponent("matrix_ops.c"))
        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo").path
        let margined = scratch.appendingPathComponent("margin.mlgo").path
        let made = try run("mlgo-train", ["margin", "--policy", prior, "--margin", "1", "--output", margined])
        XCTAssertEqual(made.exitCode, 0, made.standardError)
        let json = scratch.appendingPathComponent("overhead.json")
        let result = try run("mlgo-bench", ["eviction", "--sources", sources.path, "--generated-functions", "0", "--repetitions", "1",
                                            "--policy", margined, "--plugin", toolchain.plugin, "--output", json.path])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("no fifo variant"), result.standardError)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try XCTUnwrap(written["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 1)
        let variants = try XCTUnwrap(results[0]["variants"] as? [String: Any])
        XCTAssertEqual(Set(variants.keys), ["stock", "heuristic", "inprocess"])
    }

    /// Decisions of one bundled module traced through the plugin, then evaluated by both evaluators.
    func testPolicyEvaluationWritesNanosecondsPerDecision() throws {
        let traces = scratch.appendingPathComponent("traces")
        try FileManager.default.createDirectory(at: traces, withIntermediateDirectories: true)
        let source = TestEnvironment.bundledSources.appendingPathComponent("bytecode_vm.c").path
        let trace = try ProcessRunner.run(toolchain.clang, ["-Oz", "-fpass-plugin=\(toolchain.plugin)", "-mllvm",
                                                            "-mlgo-inline-trace=\(traces.path)/vm.log", "-c", source, "-o",
                                                            scratch.appendingPathComponent("vm.o").path])
        XCTAssertTrue(trace.succeeded, trace.standardError)
        let json = scratch.appendingPathComponent("policy-eval.json")
        let policy = TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz/policy.mlgo").path
        let result = try run("mlgo-bench", ["policy-eval", "--traces", traces.path, "--policy", policy, "--evaluations", "2000",
                                            "--output", json.path])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try XCTUnwrap(written["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["evaluator"] as? String }, ["generated C (embedded)", "policy-file runtime"])
        for entry in results {
            XCTAssertGreaterThan(entry["nanosecondsPerDecision"] as? Double ?? 0, 0)
            XCTAssertEqual(entry["evaluations"] as? Int, 2000)
        }
    }
}

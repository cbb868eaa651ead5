import Foundation
import MLGOBenchmarks
import MLGOCore
import MLGOReports
import MLGOTestSupport
import XCTest

/// `mlgo-train report speed` end to end on a small program of the bundled corpus,
/// prog_wordfreq, counting the words of a generated text: a recipe written here (built from the
/// file, no Debian source, with an assembler file linked in), its builds cached in one work
/// folder per test.
final class SpeedReportCommandTests: CommandLineTestCase {
    private var recipes: URL!
    private var work: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        recipes = scratch.appendingPathComponent("recipes")
        work = scratch.appendingPathComponent("work")
        let recipe = recipes.appendingPathComponent("wordfreq")
        try FileManager.default.createDirectory(at: recipe, withIntermediateDirectories: true)
        let source = TestEnvironment.bundledSources.appendingPathComponent("prog_wordfreq.c").path
        try Data("""
        sources=(\(source))
        benchmark_name=wordfreq
        benchmark_summary="hash table, sorting"
        benchmark_command="prog_wordfreq text.txt"
        benchmark_inputs() { cat prog_wordfreq.c prog_wordfreq.c prog_wordfreq.c >"$BENCH_INPUT/text.txt"; }
        benchmark_build() {
          # An assembler file, as zstd has: the assembler does not load the plugin.
          printf '.text\\n' >nothing.S
          "$CC" $CFLAGS -c nothing.S -o nothing.o
          "$CC" $CFLAGS prog_wordfreq.c nothing.o -o "$BENCH_BIN/wordfreq"
        }
        benchmark_run() { bench "$BENCH_BIN/wordfreq" "$BENCH_INPUT/text.txt"; }

        """.utf8).write(to: recipe.appendingPathComponent("benchmark.sh"))
    }

    /// `report speed` over the wordfreq recipe with `configurations`, writing into `output`.
    private func report(_ output: String, _ configurations: [String], _ extra: [String]) throws -> CommandOutput {
        try run("mlgo-train", ["report", "speed", "--recipes", recipes.path, "--work", work.path,
                               "--output", scratch.appendingPathComponent(output).path, "--plugin", toolchain.plugin, "--jobs", "1"]
                + configurations.flatMap { ["--config", $0] } + extra, timeout: 300)
    }

    private func written(_ output: String) throws -> SpeedReport {
        try JSONDecoder().decode(SpeedReport.self, from: Data(contentsOf: scratch.appendingPathComponent("\(output)/report.json")))
    }

    /// Two callgrind runs of one build count the same, and so does a build the plugin leaves
    /// byte-identical (heuristic mode): its programs are the baseline's, its change exactly 0.
    func testCallgrindCountsRepeatExactlyAndBuildsComeFromTheCache() throws {
        let same = "same=-Oz -fpass-plugin={plugin} -mllvm -mlgo-inline-mode=heuristic"
        let first = try report("first", ["stock-oz", same], ["--callgrind-runs", "2", "--repetitions", "0"])
        XCTAssertEqual(first.exitCode, 0, first.standardError)
        let benchmark = try XCTUnwrap(try written("first").benchmarks.first)
        let measured = try XCTUnwrap(benchmark.result("stock-oz"))
        XCTAssertEqual(measured.callgrind.count, 2)
        XCTAssertEqual(measured.countsRepeat, true, "\(measured.callgrind)")
        XCTAssertGreaterThan(measured.counts?.instructions ?? 0, 1_000_000)
        XCTAssertGreaterThan(measured.counts?.dataWrites ?? 0, 0)
        XCTAssertEqual(measured.build?.cached, false)
        XCTAssertGreaterThan(measured.textBytes ?? 0, 1000)
        let change = try XCTUnwrap(benchmark.changes.first { $0.configuration == "same" })
        XCTAssertEqual(change.identicalPrograms, true)
        XCTAssertEqual(change.instructionsChange, 0)
        XCTAssertEqual(change.textChange, 0)

        let second = try report("second", ["stock-oz"], ["--callgrind-runs", "1", "--repetitions", "0"])
        XCTAssertEqual(second.exitCode, 0, second.standardError)
        let again = try XCTUnwrap(try written("second").benchmarks.first?.result("stock-oz"))
        XCTAssertEqual(again.build?.cached, true, "the same sources and flags must not be built again")
        XCTAssertEqual(again.counts, measured.counts, "another process, the same counts")
    }

    /// A policy that never inlines runs more instructions than LLVM's -Oz inliner; the gate
    /// fails on it, and passes with a limit above it.
    func testSlowerBuildIsDetectedAndTheGateExitsTwo() throws {
        let never = try TestEnvironment.constantPolicy(logit: -20, named: "never", in: scratch)
        let slow = try report("slow", ["inline-oz:\(never.path)"], ["--repetitions", "3", "--max-slowdown", "0"])
        XCTAssertEqual(slow.exitCode, 2, slow.standardError)
        XCTAssertTrue(slow.standardError.contains("slowdown: wordfreq/wordfreq under inline-oz:never"), slow.standardError)
        let written = try self.written("slow")
        XCTAssertEqual(written.configurations.map(\.name), ["stock-oz", "inline-oz:never"], "the baseline is added")
        let change = try XCTUnwrap(written.benchmarks.first?.changes.first)
        XCTAssertEqual(change.baseline, "stock-oz")
        XCTAssertEqual(change.identicalPrograms, false)
        let instructions = try XCTUnwrap(change.instructionsChange)
        XCTAssertGreaterThan(instructions, 0.01, "never inlining must execute more instructions")
        XCTAssertEqual(change.wallTime?.repetitions, 3)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("slow/report.html").path))

        let limit = String(format: "%.3f", instructions * 100 + 1)
        let passing = try report("passing", ["inline-oz:\(never.path)"], ["--repetitions", "0", "--max-slowdown", limit])
        XCTAssertEqual(passing.exitCode, 0, passing.standardError)

        // The gate applied again to the written report, without measuring.
        let again = try run("mlgo-train", ["report", "speed", "--from", scratch.appendingPathComponent("slow/report.json").path,
                                           "--output", scratch.appendingPathComponent("again").path, "--max-slowdown", "0"])
        XCTAssertEqual(again.exitCode, 2, again.standardError)
        XCTAssertEqual(try self.written("again").benchmarks.first?.changes.first?.instructionsChange, instructions)
    }

    /// A build whose program prints something else (tolower made toupper through -include) is a
    /// correctness failure: exit 1, named on standard error and in the report, and no speed
    /// change is computed for it.
    func testOutputMismatchFailsTheReport() throws {
        let header = scratch.appendingPathComponent("upper.h")
        try Data("#ifndef __ASSEMBLER__\n#include <ctype.h>\n#undef tolower\n#define tolower toupper\n#endif\n".utf8).write(to: header)
        let broken = try report("broken", ["broken=-Oz -include \(header.path)"], ["--repetitions", "0"])
        XCTAssertEqual(broken.exitCode, 1, broken.standardError)
        XCTAssertTrue(broken.standardError.contains("CORRECTNESS FAILURE: wordfreq/wordfreq under broken"), broken.standardError)
        let benchmark = try XCTUnwrap(try written("broken").benchmarks.first)
        XCTAssertEqual(benchmark.result("broken")?.outputMismatch, true)
        XCTAssertTrue(benchmark.result("broken")?.failure?.contains("stdout") ?? false, "\(String(describing: benchmark.result("broken")))")
        XCTAssertEqual(benchmark.result("stock-oz")?.outputMismatch, false)
        XCTAssertTrue(benchmark.changes.isEmpty)
    }

    /// A recipe whose build fails is reported and skipped; the other benchmark is measured.
    func testFailingBuildIsReportedAndTheOthersAreMeasured() throws {
        let failing = recipes.appendingPathComponent("failing")
        try FileManager.default.createDirectory(at: failing, withIntermediateDirectories: true)
        try Data("""
        sources=(\(TestEnvironment.bundledSources.appendingPathComponent("prog_calc.c").path))
        benchmark_build() { echo "no such project" >&2; false; }
        benchmark_run() { bench true; }

        """.utf8).write(to: failing.appendingPathComponent("benchmark.sh"))
        let result = try report("failing", ["stock"], ["--repetitions", "0"])
        XCTAssertEqual(result.exitCode, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("failed: failing/failing under stock: build of failing failed"), result.standardError)
        XCTAssertTrue(result.standardError.contains("no such project"), result.standardError)
        let written = try self.written("failing")
        XCTAssertNotNil(written.benchmarks.first { $0.recipe.project == "wordfreq" }?.result("stock")?.counts)
    }

    func testMissingValgrindIsAClearError() throws {
        let result = try report("none", ["stock"], ["--valgrind", "/nonexistent/valgrind"])
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertTrue(result.standardError.contains("tools/setup.sh"), result.standardError)
    }
}

import Foundation
import MLGOTestSupport
import XCTest

/// `mlgo-bench` smoke runs: the tiniest configurations, checking that each subcommand measures
/// what it says (its numbers are for docs/benchmarks.md, not for tests).
final class BenchCommandTests: CommandLineTestCase {
    func testCompileTimeMeasuresEveryVariantOnACorpusAndAGeneratedModule() throws {
        let corpus = try TestEnvironment.corpus(fromC: ["a": "static int twice(int x) { return x + x; }\nint f(int x) { return twice(x) + 1; }\n"],
                                                named: "bench", in: scratch, toolchain: toolchain)
        let result = try run("mlgo-bench", ["compile-time", "--corpus", corpus.root.path, "--generated-functions", "20",
                                            "--repetitions", "2", "--plugin", toolchain.plugin])
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
    }

    func testPluginLoadReportsThePluginsSize() throws {
        let result = try run("mlgo-bench", ["plugin-load", "--repetitions", "2", "--plugin", toolchain.plugin])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: toolchain.plugin)[.size] as? Int)
        XCTAssertTrue(result.standardOutput.contains("plugin \(toolchain.plugin): \(size) bytes"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("with plugin"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("load cost"), result.standardOutput)
    }
}

import Foundation
import MLGOTestSupport
import XCTest

/// Diagnostics reach standard error through swift-log: a library's warning (MLGOCompile's
/// BaselineCache) printed by mlgo-train's handler with its `warning: ` prefix, and results alone
/// on standard output.
final class DiagnosticsCommandTests: CommandLineTestCase {
    func testLibraryWarningsGoToStandardErrorAndResultsToStandardOutput() throws {
        let corpus = try TestEnvironment.corpus(fromC: ["leaf": "int leaf(int value) { return value * 7 + 3; }\n"],
                                                named: "diagnostics", in: scratch, toolchain: toolchain).root
        let cache = scratch.appendingPathComponent("baselines.json")
        try Data("not json".utf8).write(to: cache)
        let result = try run("mlgo-train", ["baselines", "--corpus", corpus.path, "--cache", cache.path, "--jobs", "1",
                                            "--plugin", toolchain.plugin])
        XCTAssertEqual(result.exitCode, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("warning: \(cache.path): unreadable baseline cache, starting a new one\n"),
                      result.standardError)
        XCTAssertFalse(result.standardOutput.contains("warning"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("1 of 1 modules have a baseline in \(cache.path)"), result.standardOutput)
    }
}

import Foundation
import MLGOTestSupport
import XCTest

/// tools/xctest-summary.sh, which closes tools/test.sh, on logs in XCTest's own forms.
final class TestSummaryScriptTests: CommandLineTestCase {
    private func summarize(_ log: String) throws -> CommandOutput {
        let file = scratch.appendingPathComponent("log-\(UUID().uuidString)")
        try Data(log.utf8).write(to: file)
        return try run(TestEnvironment.repositoryRoot.appendingPathComponent("tools/xctest-summary.sh").path, [file.path])
    }

    func testSkippedTestsAreCounted() throws {
        let result = try summarize("""
            Test Case 'A.a' passed (0.1 seconds)
            /x.swift:3: A.b : Test skipped - bear is missing
            Test Case 'A.b' skipped (0.0 seconds)
            Test Case 'A.c' skipped (0.0 seconds)
            \t Executed 3 tests, with 2 tests skipped and 0 failures (0 unexpected) in 0.1 (0.1) seconds
            Test Suite 'All tests' passed at 2026-01-01 00:00:00.000
            \t Executed 3 tests, with 2 tests skipped and 0 failures (0 unexpected) in 0.1 (0.1) seconds

            """)
        XCTAssertEqual(result.standardOutput, "1 passed, 2 skipped, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0, result.standardError)
    }

    /// XCTest counts failed assertions; the summary counts failed tests, from the whole run's
    /// closing line (the last), not a suite's.
    func testFailedTestsAreCountedOnceAndFailTheRun() throws {
        let result = try summarize("""
            Test Case 'A.a' failed (0.1 seconds)
            \t Executed 1 test, with 3 failures (0 unexpected) in 0.1 (0.1) seconds
            Test Case 'B.a' passed (0.1 seconds)
            Test Case 'B.b' skipped (0.0 seconds)
            \t Executed 2 tests, with 1 test skipped and 0 failures (0 unexpected) in 0.1 (0.1) seconds
            \t Executed 3 tests, with 1 test skipped and 3 failures (0 unexpected) in 0.2 (0.2) seconds

            """)
        XCTAssertEqual(result.standardOutput, "1 passed, 1 skipped, 1 failed\n")
        XCTAssertEqual(result.exitCode, 1)
    }

    func testAllPassedWithoutSkips() throws {
        let result = try summarize("Test Case 'A.a' passed (0.1 seconds)\n\t Executed 1 test, with 0 failures (0 unexpected) in 0.1 (0.1) seconds\n")
        XCTAssertEqual(result.standardOutput, "1 passed, 0 skipped, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0, result.standardError)
    }

    /// A run that died before XCTest's closing line must not pass silently.
    func testAMissingSummaryLineFailsAndSaysSo() throws {
        let result = try summarize("Test Case 'A.a' passed (0.1 seconds)\nTest Case 'A.b' started\nFatal error: crashed\n")
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertEqual(result.standardOutput, "")
        XCTAssertTrue(result.standardError.contains("no XCTest summary line"), result.standardError)
    }

    func testNoTestRunFails() throws {
        let result = try summarize("\t Executed 0 tests, with 0 failures (0 unexpected) in 0.0 (0.0) seconds\n")
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertTrue(result.standardError.contains("no test ran"), result.standardError)
    }
}

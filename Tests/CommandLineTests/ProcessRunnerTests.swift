import Foundation
import MLGOCompile
import XCTest

final class ProcessRunnerTests: XCTestCase {
    /// A program that exits at once must be seen to exit: the termination handler is in place
    /// before the program starts. (It was set after; a quick exit then went unseen, and the run
    /// never returned: a speed report hung on a fetch of local files.) The runs go on another
    /// thread, so a regression fails this test instead of hanging the suite.
    func testQuickProgramsAreSeenToExit() throws {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        DispatchQueue.global().async {
            for _ in 0..<300 {
                guard let result = try? ProcessRunner.run("/bin/true", [], timeout: 20), result.exitCode == 0, !result.timedOut else {
                    outcome.failed = true
                    break
                }
                outcome.runs += 1
            }
            finished.signal()
        }
        XCTAssertEqual(finished.wait(timeout: .now() + 300), .success, "ProcessRunner did not return after \(outcome.runs) runs")
        XCTAssertFalse(outcome.failed, "a run of /bin/true failed or timed out after \(outcome.runs) runs")
    }
}

private final class Outcome: @unchecked Sendable {
    var runs = 0
    var failed = false
}

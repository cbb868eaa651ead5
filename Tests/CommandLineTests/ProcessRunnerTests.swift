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

extension ProcessRunnerTests {
    /// A program that leaves a background process holding its descriptors is not seen to end
    /// by Foundation until that process ends: the run then times out and returns (it waited
    /// forever after the kill before), and nothing hangs.
    func testAProgramLeavingADaemonTimesOutInsteadOfHanging() throws {
        let finished = DispatchSemaphore(value: 0)
        let box = ResultBox()
        DispatchQueue.global().async {
            box.result = try? ProcessRunner.run("/bin/bash", ["-c", "sleep 60 & echo started"], timeout: 2, standardOutput: .captured)
            finished.signal()
        }
        XCTAssertEqual(finished.wait(timeout: .now() + 30), .success, "ProcessRunner hung on a program that left a daemon")
        XCTAssertEqual(box.result?.timedOut, true)
    }
}

private final class ResultBox: @unchecked Sendable {
    var result: ProcessResult?
}

private final class Outcome: @unchecked Sendable {
    var runs = 0
    var failed = false
}

import Foundation
import MLGOCore
import MLGOReports
import XCTest

/// The training comparison reads what runs wrote: compiles and seconds summed over training
/// lines, held-out results, and the cost until the first held-out result below the heuristic.
final class TrainingRunSummaryTests: XCTestCase {
    func testSummaryOfAnESRunAndOfASearchRun() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ run: String, _ lines: [String]) throws -> URL {
            let folder = root.appendingPathComponent(run)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("metrics.jsonl"))
            return folder
        }
        let es = try TrainingRunSummary(run: write("es", [
            #"{"kind":"held_out","step":0,"text_change":0.001}"#,
            #"{"kind":"train","step":1,"compiles":100,"seconds":50}"#,
            #"{"kind":"train","step":2,"compiles":100,"seconds":30}"#,
            #"{"kind":"held_out","step":2,"text_change":-0.002}"#,
            #"{"kind":"train","step":3,"compiles":100,"seconds":20}"#,
            #"{"kind":"held_out","step":3,"text_change":-0.001}"#,
        ]))
        XCTAssertEqual(es.compiles, 300)
        XCTAssertEqual(es.compilesPerSecond, 3)
        XCTAssertEqual(es.heldOutAtStart, 0.001)
        XCTAssertEqual(es.heldOutAtEnd, -0.001)
        XCTAssertEqual(es.heldOutBest, -0.002)
        XCTAssertEqual(es.secondsToBeatHeuristic, 80)
        XCTAssertEqual(es.compilesToBeatHeuristic, 200)

        // A search run counts held-out evaluations in iterations, its rounds in steps.
        let search = try TrainingRunSummary(run: write("search", [
            #"{"kind":"held_out","step":0,"text_change":0}"#,
            #"{"kind":"search","step":0,"iteration":1,"compiles":10,"seconds":5}"#,
            #"{"kind":"search","step":1,"iteration":1,"compiles":10,"seconds":5}"#,
            #"{"kind":"held_out","step":1,"text_change":0.001}"#,
            #"{"kind":"search","step":7,"iteration":2,"compiles":10,"seconds":5}"#,
            #"{"kind":"held_out","step":2,"text_change":-0.01}"#,
        ]))
        XCTAssertEqual(search.secondsToBeatHeuristic, 15)
        XCTAssertTrue(TrainingRunSummary.markdown([es, search]).contains("| search | 30 | 0 min |"))

        XCTAssertThrowsError(try TrainingRunSummary(run: write("broken", ["{\"kind\":"]))) { error in
            XCTAssertTrue("\(error)".contains("line 1"))
        }
        XCTAssertThrowsError(try TrainingRunSummary(run: root.appendingPathComponent("missing")))
    }
}

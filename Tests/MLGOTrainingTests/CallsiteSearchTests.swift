import MLGOCore
@testable import MLGOTraining
import XCTest

/// The per-callsite search's logic on a module whose sizes are a known function of the decisions.
final class CallsiteSearchTests: XCTestCase {
    typealias Key = InliningDecisions.CallsiteKey

    /// Six callsites; the start inlines all. Not inlining `a` saves 10, `b` saves 5, each alone or
    /// together. `c1` and `c2` call one callee: not inlining either alone costs 8, but not
    /// inlining both (the callee is then shared out of line) saves 20: only a joint move finds it.
    /// `d`, `e` grow the module a lot when flipped, so that no inlining at all is no shortcut.
    private func model(_ forced: CallsiteSearch.Forced) -> CallsiteSearch.Trial {
        let keys = ["a", "b", "c1", "c2", "d", "e"].map { name in
            Key(caller: "f", callee: name.hasPrefix("c") ? "c" : name, occurrence: name == "c2" ? 1 : 0)
        }
        let taken = keys.map { forced[$0] ?? true }
        var size = 1_000
        if !taken[0] { size -= 10 }
        if !taken[1] { size -= 5 }
        switch (taken[2], taken[3]) {
        case (false, false): size -= 20
        case (true, true): break
        default: size += 8
        }
        if !taken[4] { size += 30 }
        if !taken[5] { size += 40 }
        let decisions = zip(keys, taken).enumerated().map { index, pair in
            InliningDecisions.Decision(key: pair.0, taken: pair.1, index: index, heuristic: true, decidedBy: "test")
        }
        return CallsiteSearch.Trial(textSize: size, decisions: decisions)
    }

    func testFindsIndependentWinsAndTheJointOne() throws {
        var compiles = 0
        let search = CallsiteSearch(settings: .init()) { forced, threshold in
            XCTAssertNil(threshold)
            compiles += 1
            return self.model(forced)
        }
        let result = try search.run()
        XCTAssertEqual(result.startSize, 1_000)
        XCTAssertEqual(result.bestSize, 1_000 - 10 - 5 - 20, "both single wins and the pair")
        XCTAssertEqual(result.screenedWins, 2)
        XCTAssertEqual(Set(result.forced.filter { !$0.taken }.map(\.key.callee)), ["a", "b", "c"])
        XCTAssertTrue(result.forced.contains { $0.stage == "group" && $0.key.callee == "c" })
        XCTAssertEqual(result.compiles, compiles)
        XCTAssertEqual(result.bestDecisions.filter { !$0.taken }.count, 4)
        XCTAssertEqual(model(Dictionary(uniqueKeysWithValues: result.forced.map { ($0.key, $0.taken) })).textSize, result.bestSize,
                       "the kept flips reproduce the best size")
    }

    func testKeepsToItsBudgetAndIsDeterministic() throws {
        var settings = CallsiteSearch.Settings()
        settings.budget = 4
        var compiles = 0
        let search = CallsiteSearch(settings: settings) { forced, _ in
            compiles += 1
            return self.model(forced)
        }
        let first = try search.run()
        XCTAssertEqual(first.compiles, 4)
        XCTAssertEqual(compiles, 4)
        XCTAssertLessThan(first.bestSize, first.startSize)
        let second = try search.run()
        XCTAssertEqual(second.bestSize, first.bestSize)
        XCTAssertEqual(second.forced, first.forced)
    }

    /// A threshold that beats everything the start's flips reach is where the search begins.
    func testAGlobalMoveBecomesTheStart() throws {
        var settings = CallsiteSearch.Settings()
        settings.thresholds = [-50, 100]
        let search = CallsiteSearch(settings: settings) { forced, threshold in
            var trial = self.model(forced)
            if threshold == -50 { trial.textSize -= 100 }
            if threshold == 100 { trial.textSize += 100 }
            return trial
        }
        let result = try search.run()
        XCTAssertEqual(result.baseThreshold, -50)
        XCTAssertEqual(result.globalMoves["threshold -50"], 900)
        XCTAssertEqual(result.globalMoves["threshold 100"], 1_100)
        XCTAssertEqual(result.bestSize, 900 - 35, "then the callsite search on top of it")
    }

    func testAFailingCompileIsSkippedNotFatal() throws {
        struct Broken: Error {}
        let search = CallsiteSearch(settings: .init()) { forced, _ in
            if forced[Key(caller: "f", callee: "a", occurrence: 0)] == false { throw Broken() }
            return self.model(forced)
        }
        let result = try search.run()
        XCTAssertEqual(result.bestSize, 1_000 - 5 - 20, "everything but the flip whose compile fails")
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// -mlgo-inline-decisions forces chosen callsites, by position or by key; -mlgo-inline-record
/// writes what a compile decided, in the same format, so that a record replays exactly.
final class DecisionControlTests: PluginTestCase {
    private func record(_ bitcode: URL, _ options: [String], name: String = UUID().uuidString) throws -> (InliningDecisions.Module, URL) {
        let record = scratch.appendingPathComponent("\(name).decisions")
        let (result, output) = try opt(bitcode, plugin("-mlgo-inline-record=\(record.path)") + options, output: "\(name).bc")
        XCTAssertTrue(result.succeeded, result.standardError)
        let module = try XCTUnwrap(InliningDecisions(contentsOf: record).onlyModule)
        return (module, output)
    }

    private func write(_ decisions: InliningDecisions) throws -> URL {
        let url = scratch.appendingPathComponent("\(UUID().uuidString).decisions")
        try decisions.write(to: url)
        return url
    }

    func testAnEmptyDecisionsFileChangesNothing() throws {
        let bitcode = try bundledBitcode("expr_parser")
        let empty = try write(InliningDecisions(modules: [.init(name: InliningDecisions.anyModule)]))
        let (_, stock) = try opt(bitcode, [], output: "stock.bc")
        let (_, train) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-decisions=\(empty.path)"), output: "train.bc")
        XCTAssertEqual(contents(train), contents(stock), "LLVM deciding the rest: stock output")
        let (_, release) = try opt(bitcode, plugin(), output: "release.bc")
        let (_, releaseEmpty) = try opt(bitcode, plugin("-mlgo-inline-decisions=\(empty.path)"), output: "release-empty.bc")
        XCTAssertEqual(contents(releaseEmpty), contents(release), "the policy deciding the rest: the policy's output")
    }

    /// A record of the policy that inverts LLVM, replayed with LLVM deciding anything not in the
    /// record, reproduces every decision and the output.
    func testARecordReplaysExactly() throws {
        let bitcode = try bundledBitcode("expr_parser")
        let invert = try heuristicReadingPolicy(inverted: true)
        let (original, originalOutput) = try record(bitcode, ["-mlgo-inline-policy=\(invert.path)"])
        XCTAssertGreaterThan(original.decisions.count, 20)
        XCTAssertTrue(original.decisions.allSatisfy { $0.taken != $0.heuristic && $0.decidedBy == "policy" })
        let recordFile = try write(InliningDecisions(modules: [original]))
        let (replayed, replayOutput) = try record(bitcode, ["-mlgo-inline-mode=train", "-mlgo-inline-decisions=\(recordFile.path)"])
        XCTAssertEqual(replayed.decisions.map(\.key), original.decisions.map(\.key))
        XCTAssertEqual(replayed.decisions.map(\.taken), original.decisions.map(\.taken))
        XCTAssertTrue(replayed.decisions.allSatisfy { $0.decidedBy == "forced" })
        XCTAssertEqual(contents(replayOutput), contents(originalOutput))
    }

    func testAPositionFlipsExactlyThatDecision() throws {
        let bitcode = try bundledBitcode("expr_parser")
        let (heuristic, _) = try record(bitcode, ["-mlgo-inline-mode=train"])
        let target = 3
        let flip = try write(InliningDecisions(modules: [.init(name: InliningDecisions.anyModule,
                                                                positions: [target: !heuristic.decisions[target].taken])]))
        let (flipped, _) = try record(bitcode, ["-mlgo-inline-mode=train", "-mlgo-inline-decisions=\(flip.path)"])
        XCTAssertEqual(Array(flipped.decisions.prefix(target)), Array(heuristic.decisions.prefix(target)), "earlier decisions are untouched")
        XCTAssertEqual(flipped.decisions[target].key, heuristic.decisions[target].key)
        XCTAssertEqual(flipped.decisions[target].taken, !heuristic.decisions[target].taken)
        XCTAssertEqual(flipped.decisions[target].decidedBy, "forced")
        XCTAssertEqual(flipped.decisions.filter { $0.decidedBy == "forced" }.count, 1)
    }

    /// A key names the same callsite after an unrelated edit moved every position.
    func testAKeySurvivesAnUnrelatedEdit() throws {
        let program = """
        static int square(int x) { return x * x; }
        static int twice(int x) { return x + x; }
        int work(int a, int b) { return square(a) + twice(b) + square(b); }
        """
        let edit = "static int unrelated(int x) { return x - 1; }\nint other(int y) { return unrelated(y) * unrelated(y + 1); }\n"
        let before = try TestEnvironment.bitcode(fromC: program, named: "before", in: scratch, toolchain: toolchain)
        let after = try TestEnvironment.bitcode(fromC: edit + program, named: "after", in: scratch, toolchain: toolchain)
        let (original, _) = try record(before, ["-mlgo-inline-mode=train"])
        let target = try XCTUnwrap(original.decisions.first { $0.key.caller == "work" && $0.key.callee == "twice" })
        let flip = try write(.forAnyModule([target.key: !target.taken]))
        let (edited, _) = try record(after, ["-mlgo-inline-mode=train", "-mlgo-inline-decisions=\(flip.path)"])
        let forced = edited.decisions.filter { $0.decidedBy == "forced" }
        XCTAssertEqual(forced.map(\.key), [target.key])
        XCTAssertEqual(forced.first?.taken, !target.taken)
        XCTAssertNotEqual(forced.first?.index, target.index, "the edit moved it")
    }

    func testMalformedDecisionFilesAreCleanErrors() throws {
        let bitcode = try bundledBitcode("treap")
        for (text, expected) in [
            ("not a decisions file\n", "line 1"),
            ("\(InliningDecisions.header)\nat\t0\t1\n", "line 2: a decision before any 'module' line"),
            ("\(InliningDecisions.header)\nmodule\t*\ncall\t2\tf\tg\t0\n", "line 3: expected 'call"),
            ("\(InliningDecisions.header)\nmodule\t*\nat\t1\t1\nat\t1\t0\n", "line 4: the same callsite is forced both ways"),
        ] {
            let url = scratch.appendingPathComponent("\(UUID().uuidString).decisions")
            try Data(text.utf8).write(to: url)
            let (result, output) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-decisions=\(url.path)"))
            XCTAssertEqual(result.exitCode, 1, result.standardError)
            XCTAssertTrue(result.standardError.contains("\(url.path): \(expected)"), result.standardError)
            XCTAssertFalse(exists(output))
        }
        let (result, _) = try opt(bitcode, plugin("-mlgo-inline-mode=heuristic", "-mlgo-inline-record=\(scratch.path)/r"))
        XCTAssertEqual(result.exitCode, 1)
    }

    func testTheSwiftReaderRoundTripsARecord() throws {
        let (module, _) = try record(try bundledBitcode("treap"), ["-mlgo-inline-mode=train"], name: "treap")
        let text = try String(contentsOf: scratch.appendingPathComponent("treap.decisions"), encoding: .utf8)
        XCTAssertEqual(InliningDecisions(modules: [module]).serialized(), text)
        XCTAssertTrue(module.name.hasSuffix("treap.c"))
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// The eviction rails: clear errors for bad set-ups, only valid slots ever answered, files
/// cleaned after exits, crashes and kills.
final class EvictionFailureTests: EvictionTestCase {
    func testReleaseWithoutAPolicyFailsClearlyWithoutOutput() throws {
        let bitcode = try optimizedBitcode("treap")
        let output = "no-policy.s"
        let (result, assembly) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release"]), output: output)
        expectCleanError(result, mentioning: "without an embedded eviction policy", "-mlgo-evict-policy=FILE")
        XCTAssertNil(assembly, "llc leaves no output")

        let object = scratch.appendingPathComponent("x.o")
        let source = TestEnvironment.bundledSources.appendingPathComponent("treap.c").path
        let clang = try ProcessRunner.run(toolchain.clang, ["-O2", "-fpass-plugin=\(toolchain.plugin)", "-mllvm", "-mlgo-evict-mode=release",
                                                            "-c", source, "-o", object.path], environment: childEnvironment)
        expectCleanError(clang, mentioning: "without an embedded eviction policy")
        XCTAssertFalse(exists(object), "clang writes no object")
        XCTAssertEqual(leftoverChannelFiles(), [])
    }

    func testMalformedAndWrongPoliciesAreRefused() throws {
        let bitcode = try optimizedBitcode("treap")
        let malformed = scratch.appendingPathComponent("bad.mlgo")
        try Data("mlgo-policy 1\nname x\ndecision index_to_evict\nfeatures 1\nfeature use_def_density\ninputs 1\ninput 0 signed-log\nlayers 1\nlayer 1 1 linear\nweights 0.5\nbias nan\nend\n".utf8).write(to: malformed)
        var (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(malformed.path)"]))
        expectCleanError(result, mentioning: malformed.path, "line 11", "finite")

        let inlining = try heuristicReadingPolicy(inverted: false)
        (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(inlining.path)"]))
        expectCleanError(result, mentioning: "inlining_decision", "index_to_evict")

        let unknown = try linearEvictionPolicy("unknown", features: ["no_such_feature"], weights: [1])
        (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(unknown.path)"]))
        expectCleanError(result, mentioning: "reads 'no_such_feature'", "use_def_density")

        (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-channel=fifo"]))
        expectCleanError(result, mentioning: "fifo needs a policy")
        (result, _) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-mode=train", "-mlgo-evict-exploration=2"]))
        expectCleanError(result, mentioning: "-mlgo-evict-exploration must be between 0 and 1")
        for (text, problem) in [("evict 1\n", "expected the header 'mlgo-evict-decisions 1'"),
                                ("mlgo-evict-decisions 1\nf\t0\t40\n", ":2: slot 40 is not one of 0..32"),
                                ("mlgo-evict-decisions 1\nf\t0\t3\nf\t0\t4\n", ":3: decision 0 of 'f' is given twice"),
                                ("mlgo-evict-decisions 1\nf 0 3\n", ":2: expected 'FUNCTION<TAB>INDEX<TAB>SLOT'")] {
            let decisions = scratch.appendingPathComponent("bad.decisions")
            try text.write(to: decisions, atomically: true, encoding: .utf8)
            (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-decisions=\(decisions.path)"]))
            expectCleanError(result, mentioning: decisions.path, problem)
        }
        (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-decisions=\(scratch.path)/missing"]))
        expectCleanError(result, mentioning: "cannot read eviction decisions file", "missing")
        (result, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-trace=\(scratch.path)/t.log"]))
        expectCleanError(result, mentioning: "heuristic uses no eviction policy or gate, forces no eviction decision and writes no eviction trace")
        XCTAssertEqual(leftoverChannelFiles(), [])
    }

    /// The inliner refuses an eviction policy (its own check, kept working).
    func testTheInlinerRefusesTheEvictionPolicy() throws {
        let (result, _) = try opt(try bundledBitcode("treap"), plugin("-mlgo-inline-policy=\(priorPolicy.path)"))
        expectCleanError(result, mentioning: "index_to_evict", "inlining_decision")
    }

    /// Answers that are out of range or masked would crash llc (LiveRegMatrix::query); the
    /// plugin replaces them by the default-like answer and says how many it replaced.
    func testInvalidAnswersAreReplacedByValidSlots() throws {
        let bitcode = try optimizedBitcode("bytecode_vm")
        for slot in [40, 31, 0] {
            let trace = scratch.appendingPathComponent("forced-\(slot).log")
            let (result, assembly) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-force-index=\(slot)", "-mlgo-evict-trace=\(trace.path)"]))
            XCTAssertTrue(result.succeeded, "slot \(slot): \(result.standardError)")
            XCTAssertNotNil(assembly)
            XCTAssertTrue(result.standardError.contains("got the default-like answer"), result.standardError)
            let log = try TrainingLog(contentsOf: trace)
            let reader = try EvictionTrace.Reader(log)
            var forced = 0
            for context in log.contexts {
                for index in 0..<context.observationCount {
                    let decision = reader.decision(index, in: context)
                    XCTAssertTrue(decision.validSlots.contains(decision.chosenSlot))
                    forced += decision.chosenSlot == slot ? 1 : 0
                }
            }
            if slot == 40 { XCTAssertEqual(forced, 0) }
        }
    }

    /// A compile killed with SIGKILL leaves its channel files; the next compile sweeps them.
    /// An interrupt (SIGTERM) removes them through LLVM's signal handler.
    func testKilledAndInterruptedCompilesLeaveNothingBehind() throws {
        let source = scratch.appendingPathComponent("big.c")
        try Data(EvictionTestCase.pressureSource(functions: 600).utf8).write(to: source)
        let bitcode = scratch.appendingPathComponent("big.bc")
        XCTAssertTrue(try ProcessRunner.run(toolchain.clang, ["-O2", "-emit-llvm", "-c", source.path, "-o", bitcode.path]).succeeded)
        for signal in [SIGKILL, SIGTERM] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: toolchain.llc)
            process.arguments = loadPlugin(releaseWithPrior) + ["-O2", bitcode.path, "-o", scratch.appendingPathComponent("killed.s").path]
            process.environment = ProcessInfo.processInfo.environment.merging(childEnvironment) { $1 }
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while leftoverChannelFiles().count < 2, Date() < deadline { usleep(5_000) }
            XCTAssertEqual(leftoverChannelFiles().count, 2, "the compile made its two channel files")
            usleep(200_000) // well inside register allocation
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)
            if signal == SIGKILL {
                XCTAssertEqual(leftoverChannelFiles().count, 2, "nothing runs after SIGKILL")
                let (result, _) = try runLLC(try optimizedBitcode("treap"), loadPlugin(releaseWithPrior))
                XCTAssertTrue(result.succeeded, result.standardError)
            }
            XCTAssertEqual(leftoverChannelFiles(), [], "after signal \(signal)")
        }
    }
}

extension EvictionTestCase {
    /// C with many values live across a loop: thousands of eviction decisions.
    static func pressureSource(functions: Int) -> String {
        (0..<functions).map { index in
            let sums = (0..<18).map { "s\($0)" }
            let body = (0..<18).map { k in "s\(k) += a[k + \(k % 5)] * s\((k + 7) % 18) + \(index % 9 + k);" }.joined(separator: " ")
            return """
            double g\(index)(double *a, int n) {
              double \(sums.enumerated().map { "\($0.element) = \($0.offset)" }.joined(separator: ", "));
              for (int k = 0; k < n; ++k) { \(body) }
              return \(sums.joined(separator: " + "));
            }
            """
        }.joined(separator: "\n")
    }
}

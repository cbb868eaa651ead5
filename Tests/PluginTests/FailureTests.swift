import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// Bad input gets a clear error, never a crash or a hang of the compiler.
final class FailureTests: PluginTestCase {
    private func expectCleanError(_ result: ProcessResult, mentioning expected: String..., file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.exitCode, 1, "expected exit 1 (not a crash): \(result.standardError)", file: file, line: line)
        XCTAssertFalse(result.standardError.contains("Stack dump"), result.standardError, file: file, line: line)
        for text in expected {
            XCTAssertTrue(result.standardError.contains(text), "'\(result.standardError)' should mention '\(text)'", file: file, line: line)
        }
    }

    func testMissingAndMalformedPolicyFiles() throws {
        let bitcode = try bundledBitcode("treap")
        var (result, output) = try opt(bitcode, plugin("-mlgo-inline-policy=/nonexistent/p.mlgo"))
        expectCleanError(result, mentioning: "/nonexistent/p.mlgo", "cannot open policy file")
        XCTAssertFalse(exists(output), "opt must leave no partial output behind")

        let malformed = scratch.appendingPathComponent("bad.mlgo")
        try Data("mlgo-policy 1\nname x\ndecision inlining_decision\nfeatures 1\nfeature threshold\ninputs 1\ninput 0 signed-log\nlayers 1\nlayer 1 1 linear\nweights 0.5\nbias nan\nend\n".utf8).write(to: malformed)
        (result, output) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-policy=\(malformed.path)"))
        expectCleanError(result, mentioning: malformed.path, "line 11", "finite")
        XCTAssertFalse(exists(output))

        let wrongDecision = scratch.appendingPathComponent("evict.mlgo")
        try Data("mlgo-policy 1\nname x\ndecision index_to_evict\nfeatures 1\nfeature threshold\ninputs 1\ninput 0 signed-log\nlayers 1\nlayer 1 1 linear\nweights 0.5\nbias 0\nend\n".utf8).write(to: wrongDecision)
        (result, _) = try opt(bitcode, plugin("-mlgo-inline-policy=\(wrongDecision.path)"))
        expectCleanError(result, mentioning: "index_to_evict", "inlining_decision")
    }

    func testClangStopsWithoutAnObjectOnABadPolicy() throws {
        let object = scratch.appendingPathComponent("x.o")
        let source = TestEnvironment.bundledSources.appendingPathComponent("treap.c").path
        let result = try ProcessRunner.run(toolchain.clang, ["-Oz", "-fpass-plugin=\(toolchain.plugin)", "-mllvm",
                                                             "-mlgo-inline-policy=/nonexistent/p.mlgo", "-c", source, "-o", object.path])
        expectCleanError(result, mentioning: "/nonexistent/p.mlgo")
        XCTAssertFalse(FileManager.default.fileExists(atPath: object.path))
    }

    func testPolicyReadingAnUnknownFeatureFallsBackToTheHeuristic() throws {
        let policy = Policy(name: "unknown", decision: InliningTrace.decision, features: ["no_such_feature"],
                            inputs: [.init(feature: 0, normalization: .signedLog)],
                            layers: [.init(inputCount: 1, outputCount: 1, activation: .linear, weights: [1], bias: [5])])
        let url = scratch.appendingPathComponent("unknown.mlgo")
        try policy.write(to: url)
        let bitcode = try bundledBitcode("treap")
        let (result, out) = try opt(bitcode, plugin("-mlgo-inline-policy=\(url.path)"))
        XCTAssertTrue(result.succeeded, result.standardError)
        XCTAssertTrue(result.standardError.contains("fell back to LLVM's heuristic"), result.standardError)
        let (_, stockOut) = try opt(bitcode, [])
        XCTAssertEqual(contents(out), contents(stockOut))
    }

    func testUnwritableTraceIsAnErrorAndClangWritesNoObject() throws {
        let (result, output) = try opt(try bundledBitcode("treap"), plugin("-mlgo-inline-mode=train", "-mlgo-inline-trace=/nonexistent/dir/t.log"))
        expectCleanError(result, mentioning: "cannot write trace /nonexistent/dir/t.log")
        XCTAssertFalse(exists(output))

        let object = scratch.appendingPathComponent("y.o")
        let source = TestEnvironment.bundledSources.appendingPathComponent("treap.c").path
        let clang = try ProcessRunner.run(toolchain.clang, ["-Oz", "-fpass-plugin=\(toolchain.plugin)", "-mllvm", "-mlgo-inline-mode=train",
                                                            "-mllvm", "-mlgo-inline-trace=/nonexistent/dir/t.log", "-c", source, "-o", object.path])
        expectCleanError(clang, mentioning: "cannot write trace")
        XCTAssertFalse(FileManager.default.fileExists(atPath: object.path))
    }

    func testInvalidExplorationIsRejected() throws {
        let (result, _) = try opt(try bundledBitcode("treap"), plugin("-mlgo-inline-mode=train", "-mlgo-inline-exploration=1.5"))
        expectCleanError(result, mentioning: "-mlgo-inline-exploration must be between 0 and 1")
    }

    func testCorruptBitcodeFailsTheCompileNotTheRun() throws {
        let corrupt = scratch.appendingPathComponent("corrupt.bc")
        try Data("BC\u{C0}\u{DE} definitely not bitcode".utf8).write(to: corrupt)
        let good = try bundledBitcode("treap")
        let corpus = Corpus(root: scratch, description: .init(modules: ["corrupt", "treap"]))
        _ = good
        let runner = CorpusRunner(compiler: ModuleCompiler(toolchain: toolchain), jobs: 2, scratch: scratch.appendingPathComponent("objects"))
        let runs = try runner.run(corpus) { _ in InliningSetup(mode: .release) }
        XCTAssertNil(runs[0].outcome)
        XCTAssertEqual(runs[0].attempts, 2)
        XCTAssertTrue(runs[0].failure?.contains("opt on corrupt.bc failed") ?? false, runs[0].failure ?? "")
        XCTAssertNotNil(runs[1].outcome)
        XCTAssertGreaterThan(runs[1].outcome?.textSize ?? 0, 0)
    }
}

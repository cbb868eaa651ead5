import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Release mode (the default) decides with the embedded policy in every standard pipeline, in
/// opt and clang, and programs built with it behave as stock builds do.
final class ReleaseModeTests: PluginTestCase {
    func testEveryPipelineRunsWithTheEmbeddedPolicy() throws {
        let bitcode = try bundledBitcode("expr_parser")
        for level in ["Oz", "Os", "O2"] {
            let trace = scratch.appendingPathComponent("\(level).log")
            let (result, _) = try opt(bitcode, plugin("-mlgo-inline-trace=\(trace.path)"), level: level)
            XCTAssertTrue(result.succeeded, "\(level): \(result.standardError)")
            XCTAssertFalse(result.standardError.contains("fell back"), result.standardError)
            let log = try TrainingLog(contentsOf: trace)
            XCTAssertGreaterThan(log.observationCount, 50, level)
        }
    }

    /// A policy may read LLVM's own decision (`inlining_default`): one that copies it compiles
    /// exactly as stock LLVM does; one that inverts it decides the opposite everywhere.
    func testAPolicyReadingTheHeuristicDecision() throws {
        let bitcode = try bundledBitcode("expr_parser")
        let (_, stock) = try opt(bitcode, [], output: "stock.bc")
        for name in ["copy", "invert"] {
            let policy = try heuristicReadingPolicy(inverted: name == "invert")
            let trace = scratch.appendingPathComponent("\(name).log")
            let (result, output) = try opt(bitcode, plugin("-mlgo-inline-policy=\(policy.path)", "-mlgo-inline-trace=\(trace.path)"),
                                           output: "\(name).bc")
            XCTAssertTrue(result.succeeded, result.standardError)
            XCTAssertFalse(result.standardError.contains("fell back"), result.standardError)
            let dataset = try DecisionDataset(logs: [TrainingLog(contentsOf: trace)])
            XCTAssertGreaterThan(dataset.count, 20)
            let agreeing = zip(dataset.decisions, dataset.defaultDecisions).filter { $0 == $1 }.count
            if name == "copy" {
                XCTAssertEqual(agreeing, dataset.count)
                XCTAssertEqual(contents(output), contents(stock), "copying LLVM's decisions must give stock LLVM's output")
            } else {
                XCTAssertEqual(agreeing, 0)
            }
        }
    }

    func testClangAtSizeLevelsUsesThePolicy() throws {
        let source = TestEnvironment.bundledSources.appendingPathComponent("bytecode_vm.c").path
        for level in ["-Oz", "-Os"] {
            let trace = scratch.appendingPathComponent("clang\(level).log")
            let object = scratch.appendingPathComponent("clang\(level).o")
            let result = try ProcessRunner.run(toolchain.clang, [level, "-fpass-plugin=\(toolchain.plugin)", "-mllvm",
                                                                 "-mlgo-inline-trace=\(trace.path)", "-c", source, "-o", object.path])
            XCTAssertTrue(result.succeeded, "\(level): \(result.standardError)")
            XCTAssertGreaterThan(try TrainingLog(contentsOf: trace).observationCount, 20, level)
            XCTAssertGreaterThan(try ELFSections.textSize(ofObjectAt: object), 0)
        }
    }

    func testClangBuiltProgramsBehaveAsStockBuilds() throws {
        let programs = bundledModuleNames.filter { $0.hasPrefix("prog_") }
        XCTAssertFalse(programs.isEmpty)
        for program in programs {
            let source = TestEnvironment.bundledSources.appendingPathComponent(program + ".c").path
            var outputs: [String] = []
            for usePlugin in [false, true] {
                let binary = scratch.appendingPathComponent("\(program)-\(usePlugin)")
                let flags = usePlugin ? ["-fpass-plugin=\(toolchain.plugin)"] : []
                let build = try ProcessRunner.run(toolchain.clang, ["-Oz"] + flags + [source, "-o", binary.path, "-lm"])
                XCTAssertTrue(build.succeeded, build.standardError)
                let run = try ProcessRunner.run(binary.path, [], timeout: 60, standardOutput: .captured)
                outputs.append("exit \(run.exitCode)\n" + run.standardOutput + "\nstandard error:\n" + run.standardError)
            }
            XCTAssertEqual(outputs[0], outputs[1], program)
            XCTAssertTrue(outputs[0].hasPrefix("exit 0"), "\(program): \(outputs[0].prefix(200))")
        }
    }
}

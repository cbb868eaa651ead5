import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// Size policies decide only where the compile optimises for size (docs/plugin.md): at
/// -O1/-O2/-O3 LLVM's heuristic decides and the output is stock LLVM's, byte for byte. Each test
/// uses a policy that inverts LLVM's decisions, so any callsite the policy decides shows.
final class OptimizationLevelTests: PluginTestCase {
    /// Bitcode from clang's front end at -O2: no function is marked optsize or minsize.
    private func speedBitcode(_ name: String) throws -> URL {
        let source = try String(contentsOf: TestEnvironment.bundledSources.appendingPathComponent(name + ".c"), encoding: .utf8)
        return try TestEnvironment.bitcode(fromC: source, named: name, in: scratch, toolchain: toolchain, flags: ["-O2"])
    }

    func testOptDecidesOnlyInSizePipelines() throws {
        let bitcode = try speedBitcode("bytecode_vm")
        let invert = try heuristicReadingPolicy(inverted: true)
        for level in ["O1", "O2", "O3", "Os", "Oz"] {
            let trace = scratch.appendingPathComponent("\(level).log")
            let (_, stock) = try opt(bitcode, [], level: level, output: "\(level)-stock.bc")
            let (result, output) = try opt(bitcode, plugin("-mlgo-inline-policy=\(invert.path)", "-mlgo-inline-trace=\(trace.path)"),
                                           level: level, output: "\(level)-plugin.bc")
            XCTAssertTrue(result.succeeded, "\(level): \(result.standardError)")
            if level == "Os" || level == "Oz" {
                XCTAssertGreaterThan(try TrainingLog(contentsOf: trace).observationCount, 20, level)
                XCTAssertNotEqual(contents(output), contents(stock), "\(level): the inverting policy must change the output")
            } else {
                XCTAssertEqual(contents(output), contents(stock), "\(level) must be left to LLVM's heuristic")
                XCTAssertFalse(exists(trace), "\(level): no decision of the policy, no trace")
                XCTAssertTrue(result.standardError.contains("LLVM's heuristic makes every inlining decision"), result.standardError)
            }
        }
    }

    func testScopeAllLetsThePolicyDecideAtO2() throws {
        let bitcode = try speedBitcode("bytecode_vm")
        let invert = try heuristicReadingPolicy(inverted: true)
        let trace = scratch.appendingPathComponent("all.log")
        let (_, stock) = try opt(bitcode, [], level: "O2", output: "stock.bc")
        let (result, output) = try opt(bitcode, plugin("-mlgo-inline-scope=all", "-mlgo-inline-policy=\(invert.path)",
                                                       "-mlgo-inline-trace=\(trace.path)"), level: "O2", output: "all.bc")
        XCTAssertTrue(result.succeeded, result.standardError)
        XCTAssertGreaterThan(try TrainingLog(contentsOf: trace).observationCount, 20)
        XCTAssertNotEqual(contents(output), contents(stock))
    }

    func testClangDecidesOnlyAtSizeLevels() throws {
        let source = TestEnvironment.bundledSources.appendingPathComponent("bytecode_vm.c").path
        let invert = try heuristicReadingPolicy(inverted: true)
        for level in ["-O1", "-O2", "-O3", "-Os", "-Oz"] {
            let stock = scratch.appendingPathComponent("stock\(level).o")
            let withPlugin = scratch.appendingPathComponent("plugin\(level).o")
            let withDefault = scratch.appendingPathComponent("default\(level).o")
            XCTAssertTrue(try ProcessRunner.run(toolchain.clang, [level, "-c", source, "-o", stock.path]).succeeded)
            // The embedded policy, as a user loads it.
            let plain = try ProcessRunner.run(toolchain.clang, [level, "-fpass-plugin=\(toolchain.plugin)", "-c", source, "-o", withDefault.path])
            XCTAssertTrue(plain.succeeded, plain.standardError)
            let inverted = try ProcessRunner.run(toolchain.clang, [level, "-fpass-plugin=\(toolchain.plugin)", "-mllvm",
                                                                   "-mlgo-inline-policy=\(invert.path)", "-c", source, "-o", withPlugin.path])
            XCTAssertTrue(inverted.succeeded, inverted.standardError)
            if level == "-Os" || level == "-Oz" {
                XCTAssertNotEqual(contents(withPlugin), contents(stock), level)
            } else {
                XCTAssertEqual(contents(withDefault), contents(stock), "\(level): loading the plugin must not change a speed build")
                XCTAssertEqual(contents(withPlugin), contents(stock), level)
            }
        }
    }

    /// In a speed build, a function marked minsize is still optimised for size: the policy
    /// decides its callsites and only those.
    func testSizeOptimisedCallersInASpeedBuild() throws {
        let source = """
        static int helper(int x) { int s = 0; for (int i = 0; i < x; i++) s += i * x; return s; }
        __attribute__((minsize)) int small_caller(int x) { return helper(x) + helper(x + 1); }
        int fast_caller(int x) { return helper(x) + helper(x + 2) + helper(x + 3); }
        """
        let bitcode = try TestEnvironment.bitcode(fromC: source, named: "mixed", in: scratch, toolchain: toolchain, flags: ["-O2"])
        let invert = try heuristicReadingPolicy(inverted: true)
        func observations(_ extra: String...) throws -> Int {
            let trace = scratch.appendingPathComponent("\(UUID().uuidString).log")
            // The module is tiny: without a higher limit, MLInlineAdvisor's stop at twice the
            // module's size would hand fast_caller back to the heuristic.
            let options = plugin("-mlgo-inline-policy=\(invert.path)", "-mlgo-inline-trace=\(trace.path)",
                                 "-ml-advisor-size-increase-threshold=10")
            let (result, _) = try opt(bitcode, options + extra, level: "O2")
            XCTAssertTrue(result.succeeded, result.standardError)
            return try TrainingLog(contentsOf: trace).observationCount
        }
        let sizeCallers = try observations()
        let everyCaller = try observations("-mlgo-inline-scope=all")
        XCTAssertEqual(sizeCallers, 2, "the two calls in small_caller")
        XCTAssertEqual(everyCaller, 5, "and the three in fast_caller")
    }
}

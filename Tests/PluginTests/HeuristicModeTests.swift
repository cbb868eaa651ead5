import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// In heuristic mode the plugin must be invisible: output byte-identical to LLVM without it.
final class HeuristicModeTests: PluginTestCase {
    func testOptOutputIsByteIdenticalOnTheBundledCorpus() throws {
        XCTAssertGreaterThanOrEqual(bundledModuleNames.count, 30)
        try expectStockOutput(with: ["-mlgo-inline-mode=heuristic"], extraLevels: ["Os", "O2"])
    }

    /// Train mode without a policy goes through the plugin's whole advisor (LLVM's
    /// MLInlineAdvisor, our runner, our heuristic call) with LLVM deciding every callsite: the
    /// output must still be stock LLVM's. It is not by construction: MLInlineAdvisor stops
    /// inlining once a module doubles, which the plugin hands back to the heuristic.
    /// With a trace, so the plugin also computes its own features at every callsite.
    func testTheAdvisorPathWithLLVMDecidingIsByteIdentical() throws {
        try expectStockOutput(with: ["-mlgo-inline-mode=train", "-mlgo-inline-scope=all"], extraLevels: ["O2"], traced: true)
    }

    /// opt with the plugin and `options` gives stock opt's bitcode on every bundled module at
    /// -Oz, and on every fourth also at `extraLevels` (to bound the time).
    private func expectStockOutput(with options: [String], extraLevels: [String], traced: Bool = false) throws {
        let bitcode = try bundledModuleNames.map(bundledBitcode)
        let jobs = bitcode.enumerated().flatMap { index, url in (index % 4 == 0 ? ["Oz"] + extraLevels : ["Oz"]).map { (url, $0) } }
        let toolchain = self.toolchain!
        let scratch = self.scratch!
        let results = WorkerPool.map(jobs) { (url, level) -> String? in
            func run(_ arguments: [String], _ suffix: String) throws -> Data? {
                let out = scratch.appendingPathComponent("\(url.lastPathComponent)-\(level)-\(suffix)")
                let result = try ProcessRunner.run(toolchain.opt, arguments + ["-passes=default<\(level)>", url.path, "-o", out.path])
                guard result.succeeded else { throw MLGOError.commandFailed("opt \(suffix)", result.standardError) }
                return FileManager.default.contents(atPath: out.path)
            }
            let stock = try run([], "stock")
            let trace = traced ? ["-mlgo-inline-trace=\(scratch.path)/\(url.lastPathComponent)-\(level).log"] : []
            let withPlugin = try run(["-load-pass-plugin=\(toolchain.plugin)"] + options + trace, "plugin")
            return stock == withPlugin ? nil : "\(url.lastPathComponent) at \(level) differs"
        }
        for result in results { XCTAssertNil(try result.get()) }
        XCTAssertEqual(results.count, jobs.count)
    }

    func testClangObjectIsByteIdentical() throws {
        for (name, level) in [("json_lexer", "-Oz"), ("bytecode_vm", "-O2"), ("treap", "-Os")] {
            let source = TestEnvironment.bundledSources.appendingPathComponent(name + ".c").path
            let stock = scratch.appendingPathComponent("\(name)-stock.o")
            let withPlugin = scratch.appendingPathComponent("\(name)-plugin.o")
            XCTAssertTrue(try ProcessRunner.run(toolchain.clang, [level, "-c", source, "-o", stock.path]).succeeded)
            let result = try ProcessRunner.run(toolchain.clang, [
                level, "-fpass-plugin=\(toolchain.plugin)", "-mllvm", "-mlgo-inline-mode=heuristic", "-c", source, "-o", withPlugin.path,
            ])
            XCTAssertTrue(result.succeeded, result.standardError)
            XCTAssertEqual(contents(stock), contents(withPlugin), "\(name) \(level)")
        }
    }

    func testHeuristicModeRefusesATrace() throws {
        let (result, _) = try opt(try bundledBitcode("treap"), plugin("-mlgo-inline-mode=heuristic", "-mlgo-inline-trace=\(scratch.path)/t.log"))
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertTrue(result.standardError.contains("heuristic mode writes no trace"), result.standardError)
    }
}

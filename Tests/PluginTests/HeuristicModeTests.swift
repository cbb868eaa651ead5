import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// In heuristic mode the plugin must be invisible: output byte-identical to LLVM without it.
final class HeuristicModeTests: PluginTestCase {
    func testOptOutputIsByteIdenticalOnTheBundledCorpus() throws {
        let modules = bundledModuleNames
        XCTAssertGreaterThanOrEqual(modules.count, 30)
        let bitcode = try modules.map(bundledBitcode)
        let levels = ["Oz", "Os", "O2"]
        let jobs = bitcode.enumerated().flatMap { index, url in
            // Every module at -Oz; every fourth also at -Os and -O2 to bound the time.
            (index % 4 == 0 ? levels : ["Oz"]).map { (url, $0) }
        }
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
            let withPlugin = try run(["-load-pass-plugin=\(toolchain.plugin)", "-mlgo-inline-mode=heuristic"], "plugin")
            return stock == withPlugin ? nil : "\(url.lastPathComponent) at \(level) differs"
        }
        for result in results { XCTAssertNil(try result.get()) }
        XCTAssertEqual(results.count, jobs.count)
    }

    /// Train mode without a policy goes through the plugin's whole advisor (LLVM's
    /// MLInlineAdvisor, our runner, our heuristic call) with LLVM deciding every callsite: the
    /// output must still be stock LLVM's. It is not by construction: MLInlineAdvisor stops
    /// inlining once a module doubles, which the plugin hands back to the heuristic.
    func testTheAdvisorPathWithLLVMDecidingIsByteIdentical() throws {
        let bitcode = try bundledModuleNames.map(bundledBitcode)
        let jobs = bitcode.enumerated().flatMap { index, url in (index % 4 == 0 ? ["Oz", "O2"] : ["Oz"]).map { (url, $0) } }
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
            let advisor = try run(["-load-pass-plugin=\(toolchain.plugin)", "-mlgo-inline-mode=train", "-mlgo-inline-scope=all"], "advisor")
            return stock == advisor ? nil : "\(url.lastPathComponent) at \(level) differs"
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

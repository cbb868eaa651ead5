import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// Loading the plugin is all a user does; heuristic mode (the default) is invisible, release
/// mode decides every eviction through each way of loading it, and the user's own advisor wins.
final class EvictionHookTests: EvictionTestCase {
    func testHeuristicModeIsByteIdenticalThroughLLCOnTheBundledCorpus() throws {
        let modules = bundledModuleNames
        XCTAssertGreaterThanOrEqual(modules.count, 30)
        let bitcode = try modules.map(optimizedBitcode)
        let compiler = self.compiler
        let plugin = toolchain.plugin
        let results = WorkerPool.map(bitcode) { url -> String? in
            let (stockResult, stock) = try compiler.llc(url, [])
            let (defaultResult, pluginDefault) = try compiler.llc(url, ["-load-pass-plugin=\(plugin)"])
            let (heuristicResult, heuristic) = try compiler.llc(url, ["-load=\(plugin)", "-mlgo-evict-mode=heuristic"])
            guard stockResult.succeeded, defaultResult.succeeded, heuristicResult.succeeded, stock != nil else {
                return "\(url.lastPathComponent): a compile failed"
            }
            return stock == pluginDefault && stock == heuristic ? nil : "\(url.lastPathComponent) differs"
        }
        for result in results { XCTAssertNil(try result.get()) }
        XCTAssertEqual(results.count, modules.count)
        XCTAssertEqual(leftoverChannelFiles(), [], "heuristic mode creates no channel")
    }

    func testHeuristicModeIsByteIdenticalThroughClang() throws {
        for name in ["bytecode_vm", "sha256_digest", "matrix_ops", "regex_lite"] {
            let source = TestEnvironment.bundledSources.appendingPathComponent(name + ".c").path
            let stock = scratch.appendingPathComponent("\(name)-stock.o")
            let withPlugin = scratch.appendingPathComponent("\(name)-plugin.o")
            XCTAssertTrue(try ProcessRunner.run(toolchain.clang, ["-O2", "-c", source, "-o", stock.path]).succeeded)
            let result = try ProcessRunner.run(toolchain.clang, ["-O2", "-fpass-plugin=\(toolchain.plugin)", "-c", source, "-o", withPlugin.path],
                                               environment: childEnvironment)
            XCTAssertTrue(result.succeeded, result.standardError)
            XCTAssertNotNil(contents(stock))
            XCTAssertEqual(contents(stock), contents(withPlugin), name)
        }
    }

    /// The prior policy evicts differently from LLVM's default advisor on bytecode_vm; every
    /// way of loading the plugin gives the same decisions.
    func testReleaseModeDecidesThroughEveryWayOfLoading() throws {
        let bitcode = try optimizedBitcode("bytecode_vm")
        let (_, stock) = try runLLC(bitcode, [])
        let (passPlugin, viaPassPlugin) = try runLLC(bitcode, loadPlugin(releaseWithPrior))
        XCTAssertTrue(passPlugin.succeeded, passPlugin.standardError)
        let (load, viaLoad) = try runLLC(bitcode, ["-load=\(toolchain.plugin)"] + releaseWithPrior)
        XCTAssertTrue(load.succeeded, load.standardError)
        XCTAssertNotNil(viaPassPlugin)
        XCTAssertNotEqual(stock, viaPassPlugin, "the policy must really decide")
        XCTAssertEqual(viaPassPlugin, viaLoad)

        // clang's codegen: -fpass-plugin with the options through -mllvm; an object that differs from stock.
        let source = TestEnvironment.bundledSources.appendingPathComponent("bytecode_vm.c").path
        let stockObject = scratch.appendingPathComponent("stock.o"), policyObject = scratch.appendingPathComponent("policy.o")
        XCTAssertTrue(try ProcessRunner.run(toolchain.clang, ["-O2", "-c", source, "-o", stockObject.path]).succeeded)
        let clang = try ProcessRunner.run(toolchain.clang, ["-O2", "-fpass-plugin=\(toolchain.plugin)"] + releaseWithPrior.flatMap { ["-mllvm", $0] }
                                          + ["-c", source, "-o", policyObject.path], environment: childEnvironment)
        XCTAssertTrue(clang.succeeded, clang.standardError)
        XCTAssertNotNil(contents(policyObject))
        XCTAssertNotEqual(contents(stockObject), contents(policyObject))
        XCTAssertEqual(leftoverChannelFiles(), [], "channel files are removed on exit")
    }

    func testTheUsersOwnAdvisorWinsInEitherOrder() throws {
        let bitcode = try optimizedBitcode("bytecode_vm")
        let (_, stock) = try runLLC(bitcode, [])
        for arguments in [loadPlugin(releaseWithPrior) + ["-regalloc-enable-advisor=default"],
                          ["-regalloc-enable-advisor=default"] + loadPlugin(releaseWithPrior)] {
            let (result, output) = try runLLC(bitcode, arguments)
            XCTAssertTrue(result.succeeded, result.standardError)
            XCTAssertEqual(output, stock, arguments.joined(separator: " "))
            XCTAssertTrue(result.standardError.contains("LLVM's own setting decides evictions"), result.standardError)
        }
    }

    /// Every decision of the trace: one context per machine function, LLVM's 21 tensors by
    /// LLVM's names, a chosen slot whose mask is 1, greedy probability 1.
    func testReleaseTraceHasOneContextPerFunctionAndValidDecisions() throws {
        let bitcode = try optimizedBitcode("bytecode_vm")
        let trace = scratch.appendingPathComponent("evict.log")
        let (result, _) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-trace=\(trace.path)"]))
        XCTAssertTrue(result.succeeded, result.standardError)
        let log = try TrainingLog(contentsOf: trace)
        XCTAssertEqual(log.features, EvictionTrace.traceSpecs, "LLVM's tensors, then the decision and its probability")
        let reader = try EvictionTrace.Reader(log)
        XCTAssertGreaterThan(log.contexts.count, 3)
        XCTAssertGreaterThan(log.observationCount, 10)
        let (_, assembly) = try runLLC(bitcode, [])
        let functions = String(decoding: assembly ?? Data(), as: UTF8.self)
        for context in log.contexts {
            XCTAssertTrue(functions.contains("\(context.name):"), "context \(context.name) is a machine function")
            for index in 0..<context.observationCount {
                let decision = reader.decision(index, in: context)
                XCTAssertTrue(decision.validSlots.contains(decision.chosenSlot), "\(context.name) #\(index)")
                XCTAssertEqual(decision.probability, 1)
            }
        }
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Train mode runs LLVM's default eviction advisor next to the ML advisor at every decision:
/// without a policy LLVM's choice is what the compile does (so the output is stock's), and the
/// trace holds behaviour-cloning data: each decision's features and the slot LLVM chose.
final class EvictionObservationTests: EvictionTestCase {
    func testTrainModeWithoutAPolicyIsLLVMsAllocationAndTracesItsChoices() throws {
        let modules = bundledModuleNames
        let compiler = self.compiler
        let plugin = toolchain.plugin
        let scratch = self.scratch!
        let bitcode = try modules.map(optimizedBitcode)
        let results = WorkerPool.map(bitcode) { url -> (String?, Int, Int) in
            let trace = scratch.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".evict.log")
            let (stockResult, stock) = try compiler.llc(url, [])
            let (trainResult, train) = try compiler.llc(url, ["-load-pass-plugin=\(plugin)", "-mlgo-evict-mode=train",
                                                               "-mlgo-evict-trace=\(trace.path)", "-mlgo-evict-stats"])
            guard stockResult.succeeded, trainResult.succeeded, stock != nil else { return ("\(url.lastPathComponent): a compile failed", 0, 0) }
            if stock != train { return ("\(url.lastPathComponent): train mode without a policy differs from stock", 0, 0) }
            if trainResult.standardError.contains("contradicted in") && !trainResult.standardError.contains("contradicted in 0\n") {
                return ("\(url.lastPathComponent): slot mapping contradicted: \(trainResult.standardError)", 0, 0)
            }
            guard FileManager.default.fileExists(atPath: trace.path) else { return (nil, 0, 0) }
            let log = try TrainingLog(contentsOf: trace)
            let reader = try EvictionTrace.Reader(log)
            var decisions = 0, labelled = 0
            for context in log.contexts {
                for index in 0..<context.observationCount {
                    let decision = reader.decision(index, in: context)
                    decisions += 1
                    guard let llvm = decision.llvmSlot else { continue }
                    labelled += 1
                    // Without a policy the answer given is LLVM's slot.
                    if decision.chosenSlot != llvm { return ("\(url.lastPathComponent): answered \(decision.chosenSlot), LLVM chose \(llvm)", 0, 0) }
                }
            }
            return (nil, decisions, labelled)
        }
        var decisions = 0, labelled = 0
        for result in results {
            let (problem, d, l) = try result.get()
            XCTAssertNil(problem)
            decisions += d
            labelled += l
        }
        XCTAssertGreaterThan(decisions, 500, "the bundled corpus has eviction decisions")
        XCTAssertEqual(labelled, decisions, "LLVM's choice is a valid slot at every decision the ML advisor sees")
    }

    func testTrainModeWithAPolicyDecidesAndStillRecordsLLVMsChoice() throws {
        let bitcode = try optimizedBitcode("matrix_ops")
        let trace = scratch.appendingPathComponent("policy.log")
        let (stockResult, stock) = try runLLC(bitcode, [])
        let (result, output) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-policy=\(priorPolicy.path)",
                                                               "-mlgo-evict-trace=\(trace.path)"]))
        XCTAssertTrue(stockResult.succeeded && result.succeeded, result.standardError)
        XCTAssertNotEqual(stock, output, "the prior policy, not LLVM, decides")
        let log = try TrainingLog(contentsOf: trace)
        XCTAssertEqual(log.features, EvictionTrace.trainTraceSpecs)
        let reader = try EvictionTrace.Reader(log)
        var agree = 0, differ = 0
        for context in log.contexts {
            for index in 0..<context.observationCount {
                let decision = reader.decision(index, in: context)
                guard let llvm = decision.llvmSlot else { continue }
                if llvm == decision.chosenSlot { agree += 1 } else { differ += 1 }
            }
        }
        XCTAssertGreaterThan(agree, 0)
        XCTAssertGreaterThan(differ, 0, "the prior departs from LLVM on matrix_ops, and the trace shows where")
    }

    func testAScorerClonedFromTheTracesAgreesWithLLVMMostOfTheTime() throws {
        var logs: [TrainingLog] = []
        for name in ["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser", "sha256_digest", "regex_lite"] {
            let trace = scratch.appendingPathComponent("\(name).clone.log")
            let (result, _) = try runLLC(try optimizedBitcode(name), loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-trace=\(trace.path)"]))
            XCTAssertTrue(result.succeeded, result.standardError)
            logs.append(try TrainingLog(contentsOf: trace))
        }
        let dataset = try EvictionCloning.dataset(from: logs)
        XCTAssertGreaterThan(dataset.examples.count, 100)
        var configuration = EvictionCloning.Configuration()
        configuration.epochs = 20
        let result = try EvictionCloning.fit(dataset, configuration: configuration)
        // Always choosing the first valid slot is the baseline a clone must beat by far.
        let firstSlot = Double(dataset.examples.filter { $0.chosen == 0 }.count) / Double(dataset.examples.count)
        XCTAssertGreaterThan(result.trainingAgreement, max(0.7, firstSlot + 0.3), "agreement \(result.trainingAgreement), first-slot \(firstSlot)")
        XCTAssertLessThan(result.lossHistory.last!, result.lossHistory.first!)

        // The plugin decides with the clone exactly as the Swift scorer does: its greedy choice
        // on LLVM's own first decision of each function is the one the trace predicts.
        let policyFile = scratch.appendingPathComponent("clone.mlgo")
        try result.policy.write(to: policyFile, comment: "test clone")
        let (release, _) = try runLLC(try optimizedBitcode("matrix_ops"), loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(policyFile.path)"]))
        XCTAssertTrue(release.succeeded, release.standardError)
        XCTAssertFalse(release.standardError.contains("default-like answer"), release.standardError)
    }
}

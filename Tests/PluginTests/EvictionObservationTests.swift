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

    /// A policy reading `llvm_choice` gets LLVM's default advisor's slot in release mode: one
    /// that scores only that feature is LLVM's allocation byte for byte, and one that avoids it
    /// is not.
    func testReleaseModeGivesAPolicyLLVMsChoiceAsAFeature() throws {
        func linearPolicy(weight: Int) throws -> URL {
            let file = scratch.appendingPathComponent("llvm-choice\(weight).mlgo")
            try """
            mlgo-policy 1
            name llvm-choice
            decision index_to_evict
            features 1
            feature llvm_choice
            inputs 1
            input 0 linear 0 1
            layers 1
            layer 1 1 linear
            weights
            \(weight)
            bias 0
            end

            """.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        let follow = try linearPolicy(weight: 1), avoid = try linearPolicy(weight: -1)
        var departures = 0
        for name in ["matrix_ops", "bytecode_vm", "sha256_digest"] {
            let bitcode = try optimizedBitcode(name)
            let (stockResult, stock) = try runLLC(bitcode, [])
            let (followResult, followed) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(follow.path)",
                                                                           "-mlgo-evict-stats"]))
            let (avoidResult, avoided) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(avoid.path)"]))
            XCTAssertTrue(stockResult.succeeded && followResult.succeeded && avoidResult.succeeded,
                          followResult.standardError + avoidResult.standardError)
            XCTAssertEqual(stock, followed, "\(name): following llvm_choice is LLVM's allocation")
            XCTAssertFalse(followResult.standardError.contains("default-like answer"), followResult.standardError)
            XCTAssertTrue(followResult.standardError.contains("contradicted in 0\n"), followResult.standardError)
            if stock != avoided { departures += 1 }
        }
        XCTAssertGreaterThan(departures, 0, "a policy avoiding LLVM's choice changes some allocation")
        // The FIFO channel cannot see LLVM's choice: a clear error, not a silent zero feature.
        let (fifo, _) = try runLLC(try optimizedBitcode("matrix_ops"),
                                   loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(follow.path)", "-mlgo-evict-channel=fifo"]))
        XCTAssertFalse(fifo.succeeded)
        XCTAssertTrue(fifo.standardError.contains("llvm_choice"), fifo.standardError)
    }

    /// `mlgo-train margin`'s transformation at its two ends: margin 0 is the policy's own
    /// allocation, a margin above any score difference is LLVM's, byte for byte.
    func testAMarginOnLLVMsSlotSpansThePolicyToLLVM() throws {
        let prior = try Policy(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo"))
        func margined(_ margin: Float) throws -> URL {
            let file = scratch.appendingPathComponent("prior-margin-\(margin).mlgo")
            try PolicyParameters.addingMargin(margin, toRowsMarkedBy: EvictionTrace.llvmChoice, in: prior).write(to: file)
            return file
        }
        let own = scratch.appendingPathComponent("prior.mlgo")
        try prior.write(to: own)
        for name in ["matrix_ops", "sha256_digest"] {
            let bitcode = try optimizedBitcode(name)
            let (stockResult, stock) = try runLLC(bitcode, [])
            var objects: [String: Data?] = [:]
            for (label, file) in [("prior", own), ("margin 0", try margined(0)), ("margin 1000", try margined(1000))] {
                let (result, object) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(file.path)"]))
                XCTAssertTrue(result.succeeded, "\(name), \(label): \(result.standardError)")
                objects[label] = object
            }
            XCTAssertTrue(stockResult.succeeded)
            XCTAssertNotEqual(objects["prior"], stock, "\(name): the prior departs from LLVM")
            XCTAssertEqual(objects["margin 0"], objects["prior"], "\(name): margin 0 is the policy's allocation")
            XCTAssertEqual(objects["margin 1000"], stock, "\(name): a large margin is LLVM's allocation")
        }
    }

    /// A function a decisions file gives to LLVM (`FUNCTION<TAB>llvm`) is allocated as stock llc
    /// allocates it: every function given to LLVM is stock llc's object byte for byte, and one
    /// function given to LLVM leaves the policy's other functions as they were (its trace has
    /// every context but that one, with the same decisions). A malformed line is refused.
    func testFunctionsGivenToLLVMAreStockAndTheOthersThePolicys() throws {
        let bitcode = try optimizedBitcode("matrix_ops")
        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo")
        let release = ["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(prior.path)"]
        let policyTrace = scratch.appendingPathComponent("policy.log"), oneTrace = scratch.appendingPathComponent("one.log")
        let (stockResult, stock) = try runLLC(bitcode, [])
        let (policyResult, policy) = try runLLC(bitcode, loadPlugin(release + ["-mlgo-evict-trace=\(policyTrace.path)"]))
        XCTAssertTrue(stockResult.succeeded && policyResult.succeeded, policyResult.standardError)
        XCTAssertNotEqual(stock, policy, "the prior allocates matrix_ops differently from LLVM")
        let log = try TrainingLog(contentsOf: policyTrace)
        XCTAssertGreaterThan(log.contexts.count, 1)

        let all = scratch.appendingPathComponent("all.decisions")
        try ("mlgo-evict-decisions 1\n" + log.contexts.map { "\($0.name)\tllvm\n" }.joined()).write(to: all, atomically: true, encoding: .utf8)
        let (allResult, allLLVM) = try runLLC(bitcode, loadPlugin(release + ["-mlgo-evict-decisions=\(all.path)"]))
        XCTAssertTrue(allResult.succeeded, allResult.standardError)
        XCTAssertEqual(allLLVM, stock, "every function given to LLVM: stock llc's object")

        let given = try XCTUnwrap(log.contexts.max { $0.observationCount < $1.observationCount })
        let one = scratch.appendingPathComponent("one.decisions")
        try "mlgo-evict-decisions 1\n\(given.name)\tllvm\n".write(to: one, atomically: true, encoding: .utf8)
        let (oneResult, oneLLVM) = try runLLC(bitcode, loadPlugin(release + ["-mlgo-evict-decisions=\(one.path)",
                                                                            "-mlgo-evict-trace=\(oneTrace.path)"]))
        XCTAssertTrue(oneResult.succeeded, oneResult.standardError)
        XCTAssertNotEqual(oneLLVM, policy)
        let oneLog = try TrainingLog(contentsOf: oneTrace)
        XCTAssertEqual(oneLog.contexts.map(\.name), log.contexts.map(\.name).filter { $0 != given.name })
        let reader = try EvictionTrace.Reader(log), oneReader = try EvictionTrace.Reader(oneLog)
        for after in oneLog.contexts {
            let before = try XCTUnwrap(log.contexts.first { $0.name == after.name })
            XCTAssertEqual(after.observationCount, before.observationCount, after.name)
            for observation in 0..<after.observationCount {
                XCTAssertEqual(oneReader.decision(observation, in: after).chosenSlot, reader.decision(observation, in: before).chosenSlot,
                               "\(after.name) decision \(observation) is the policy's")
            }
        }

        let malformed = scratch.appendingPathComponent("malformed.decisions")
        try "mlgo-evict-decisions 1\n\(given.name)\tLLVM\n".write(to: malformed, atomically: true, encoding: .utf8)
        let (refused, _) = try runLLC(bitcode, loadPlugin(release + ["-mlgo-evict-decisions=\(malformed.path)"]))
        expectCleanError(refused, mentioning: "malformed.decisions:2:", "FUNCTION<TAB>llvm")
    }

    /// The plugin's MLGOFunctionShape remark: one per machine function its advisor allocates,
    /// before allocation (so the same under LLVM and under a policy), with sizes that agree with
    /// each other; asking for it changes no byte of the object, and heuristic mode (no plugin
    /// advisor) reports none.
    func testTheShapeRemarkDescribesEveryFunctionAndChangesNothing() throws {
        let bitcode = try optimizedBitcode("matrix_ops")
        func compile(_ options: [String], remarks name: String?) throws -> (object: Data?, shapes: [String: FunctionShape]) {
            let remarksURL = scratch.appendingPathComponent("\(name ?? "none").yaml")
            let remarkOptions = name == nil ? [] : ["-pass-remarks-filter=regalloc|mlgo-evict", "-pass-remarks-output=\(remarksURL.path)"]
            let (result, object) = try runLLC(bitcode, options + remarkOptions)
            XCTAssertTrue(result.succeeded, result.standardError)
            XCTAssertFalse(result.standardError.contains("MLGOFunctionShape") || result.standardError.contains("function shape"),
                           "the remark goes to the file only: \(result.standardError)")
            guard name != nil else { return (object, [:]) }
            return (object, try FunctionShape.byFunction(remarks: String(contentsOf: remarksURL, encoding: .utf8)))
        }
        let trace = scratch.appendingPathComponent("prior.log")
        let prior = try compile(loadPlugin(releaseWithPrior + ["-mlgo-evict-trace=\(trace.path)"]), remarks: "prior")
        let quiet = try compile(loadPlugin(releaseWithPrior), remarks: nil)
        XCTAssertEqual(prior.object, quiet.object, "the remark changes no byte")
        let observed = try compile(loadPlugin(["-mlgo-evict-mode=train"]), remarks: "llvm")
        XCTAssertEqual(observed.shapes, prior.shapes, "measured before allocation: the same whoever allocates")
        XCTAssertEqual(try compile(loadPlugin(["-mlgo-evict-mode=heuristic"]), remarks: "heuristic").shapes, [:])

        let log = try TrainingLog(contentsOf: trace)
        XCTAssertTrue(Set(log.contexts.map(\.name)).isSubset(of: Set(prior.shapes.keys)), "every function with decisions has a shape")
        var anyLoop = false
        for (function, shape) in prior.shapes {
            let value = { (name: String) in shape.features[name] ?? -1 }
            XCTAssertEqual(Set(shape.features.keys), ["instructions", "blocks", "virtual_registers", "calls", "copies", "loops",
                                                       "max_loop_depth", "max_block_frequency", "weighted_instructions"], function)
            XCTAssertGreaterThanOrEqual(value("instructions"), value("blocks"), function)
            XCTAssertGreaterThanOrEqual(value("blocks"), 1, function)
            XCTAssertGreaterThanOrEqual(value("max_block_frequency"), 1, function)
            XCTAssertGreaterThanOrEqual(value("loops"), value("max_loop_depth"), function)
            XCTAssertGreaterThanOrEqual(value("instructions"), value("calls") + value("copies"), function)
            anyLoop = anyLoop || value("max_loop_depth") >= 2
        }
        XCTAssertTrue(anyLoop, "matrix_ops has nested loops")
    }

    /// `-mlgo-evict-gate`: a gate giving the policy only functions of more than N instructions
    /// compiles exactly as a decisions file giving LLVM the others (chosen in Swift from the
    /// shapes the plugin reports); a gate that never gives the policy anything is stock llc, one
    /// that always does is the policy. A gate that is not one, or has no policy to gate, is
    /// refused with a clear error.
    func testAGateChoosesPerFunctionAsADecisionsFileWould() throws {
        let bitcode = try optimizedBitcode("matrix_ops")
        let remarks = scratch.appendingPathComponent("shapes.yaml")
        let (shapeResult, policyObject) = try runLLC(bitcode, loadPlugin(releaseWithPrior + [
            "-pass-remarks-filter=mlgo-evict", "-pass-remarks-output=\(remarks.path)"]))
        XCTAssertTrue(shapeResult.succeeded, shapeResult.standardError)
        let shapes = try FunctionShape.byFunction(remarks: String(contentsOf: remarks, encoding: .utf8))
        let sizes = shapes.values.map { $0.features["instructions"]! }.sorted()
        XCTAssertGreaterThan(sizes.count, 3)
        let threshold = sizes[sizes.count / 2]
        func gate(_ name: String, weight: Float, bias: Float) throws -> URL {
            let url = scratch.appendingPathComponent("\(name).mlgo")
            let policy = Policy(name: name, decision: FunctionShape.gateDecision, features: ["instructions"],
                                inputs: [Policy.Input(feature: 0, normalization: .linear(offset: 0, scale: 1))],
                                layers: [Policy.Layer(inputCount: 1, outputCount: 1, activation: .linear, weights: [weight], bias: [bias])])
            try policy.write(to: url)
            return url
        }
        let large = try gate("large", weight: 1, bias: -(Float(threshold) + 0.5))
        let forLLVM = shapes.filter { !EvictionGateFitting.policyAllocates(try! Policy(contentsOf: large), shape: $0.value.features) }.keys
        XCTAssertFalse(forLLVM.isEmpty)
        XCTAssertLessThan(forLLVM.count, shapes.count)
        let decisions = scratch.appendingPathComponent("small.decisions")
        try ("mlgo-evict-decisions 1\n" + forLLVM.sorted().map { "\($0)\tllvm\n" }.joined()).write(to: decisions, atomically: true, encoding: .utf8)
        let (gatedResult, gated) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-gate=\(large.path)"]))
        let (fileResult, byFile) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-decisions=\(decisions.path)"]))
        XCTAssertTrue(gatedResult.succeeded && fileResult.succeeded, gatedResult.standardError + fileResult.standardError)
        XCTAssertEqual(gated, byFile, "the gate decides per function as the file does")

        let (stockResult, stock) = try runLLC(bitcode, [])
        let (neverResult, never) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-gate=\(try gate("never", weight: 0, bias: -1).path)"]))
        let (alwaysResult, always) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-gate=\(try gate("always", weight: 0, bias: 1).path)"]))
        XCTAssertTrue(stockResult.succeeded && neverResult.succeeded && alwaysResult.succeeded)
        XCTAssertEqual(never, stock, "nothing given to the policy: stock llc")
        XCTAssertEqual(always, policyObject, "everything given to the policy: the policy's allocation")
        XCTAssertNotEqual(stock, policyObject)

        let (notAGate, _) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-gate=\(priorPolicy.path)"]))
        expectCleanError(notAGate, mentioning: "not 'eviction_gate'")
        let unknown = scratch.appendingPathComponent("unknown.mlgo")
        try String(contentsOf: large, encoding: .utf8).replacingOccurrences(of: "feature instructions", with: "feature nr_urgent")
            .write(to: unknown, atomically: true, encoding: .utf8)
        let (unknownResult, _) = try runLLC(bitcode, loadPlugin(releaseWithPrior + ["-mlgo-evict-gate=\(unknown.path)"]))
        expectCleanError(unknownResult, mentioning: "'nr_urgent'", "not a function-shape feature")
        let (noPolicy, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-gate=\(large.path)"]))
        expectCleanError(noPolicy, mentioning: "needs one")
        let (heuristic, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=heuristic", "-mlgo-evict-gate=\(large.path)"]))
        expectCleanError(heuristic, mentioning: "-mlgo-evict-mode=heuristic")
    }

    /// `-mlgo-evict-decisions` changes exactly the decisions it names: an empty file is LLVM's
    /// allocation, and one forced slot changes that decision of that function, and nothing
    /// before it nor in any other function.
    func testForcedDecisionsChangeOnlyTheDecisionsTheyName() throws {
        let bitcode = try optimizedBitcode("matrix_ops")
        let llvmTrace = scratch.appendingPathComponent("llvm.log"), forcedTrace = scratch.appendingPathComponent("forced.log")
        let empty = scratch.appendingPathComponent("empty.decisions")
        try "mlgo-evict-decisions 1\n".write(to: empty, atomically: true, encoding: .utf8)
        let (stockResult, stock) = try runLLC(bitcode, [])
        let (llvmResult, llvm) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-trace=\(llvmTrace.path)",
                                                                 "-mlgo-evict-decisions=\(empty.path)"]))
        XCTAssertTrue(stockResult.succeeded && llvmResult.succeeded, llvmResult.standardError)
        XCTAssertEqual(stock, llvm, "no forced decision: LLVM's allocation")

        let log = try TrainingLog(contentsOf: llvmTrace)
        let reader = try EvictionTrace.Reader(log)
        // The last decision with a choice, of the function with the most decisions.
        let context = try XCTUnwrap(log.contexts.max { $0.observationCount < $1.observationCount })
        let index = try XCTUnwrap((0..<context.observationCount).last { reader.decision($0, in: context).validSlots.count > 1 })
        let decision = reader.decision(index, in: context)
        let alternative = try XCTUnwrap(decision.validSlots.first { $0 != decision.llvmSlot })
        let forced = scratch.appendingPathComponent("one.decisions")
        try "mlgo-evict-decisions 1\n\(context.name)\t\(index)\t\(alternative)\n# a comment\nno_such_function\t0\t1\n"
            .write(to: forced, atomically: true, encoding: .utf8)
        let (forcedResult, _) = try runLLC(bitcode, loadPlugin(["-mlgo-evict-mode=train", "-mlgo-evict-trace=\(forcedTrace.path)",
                                                                "-mlgo-evict-decisions=\(forced.path)", "-mlgo-evict-stats"]))
        XCTAssertTrue(forcedResult.succeeded, forcedResult.standardError)
        XCTAssertTrue(forcedResult.standardError.contains("forced 1 decisions, 0 forced slots not valid"), forcedResult.standardError)
        let forcedLog = try TrainingLog(contentsOf: forcedTrace)
        let forcedReader = try EvictionTrace.Reader(forcedLog)
        XCTAssertEqual(forcedLog.contexts.map(\.name), log.contexts.map(\.name))
        for (before, after) in zip(log.contexts, forcedLog.contexts) {
            let same = before.name == context.name ? index : before.observationCount
            XCTAssertGreaterThanOrEqual(after.observationCount, same)
            for observation in 0..<same {
                XCTAssertEqual(forcedReader.decision(observation, in: after).chosenSlot, reader.decision(observation, in: before).chosenSlot,
                               "\(before.name) decision \(observation) is LLVM's")
            }
        }
        let changed = try XCTUnwrap(forcedLog.contexts.first { $0.name == context.name })
        XCTAssertEqual(forcedReader.decision(index, in: changed).chosenSlot, alternative)
        XCTAssertEqual(forcedReader.decision(index, in: changed).llvmSlot, decision.llvmSlot, "the same state, so LLVM's same choice")
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

import Foundation
import MLGOCompile
import MLGOCore
import MLGOReports
import MLGOTraining
import MLGOTestSupport
import XCTest

/// The eviction problem end to end through `mlgo-train`, as a user runs it: an -O2 corpus,
/// traces of LLVM's default advisor, a behaviour clone, and the spill-cost report with its gate.
final class EvictionCommandTests: CommandLineTestCase {
    var plugin: [String] { ["--plugin", toolchain.plugin, "--jobs", "2"] }

    func testCollectCloneAndReportSpillCost() throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser"])
        var output: CommandOutput

        let traces = scratch.appendingPathComponent("traces")
        output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", traces.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("o2: 4 eviction traces"), output.standardOutput)

        let clone = scratch.appendingPathComponent("clone/policy.mlgo")
        output = try run("mlgo-train", ["train", "bc", "--problem", "eviction", "--traces", traces.path, "--output", clone.path,
                                        "--epochs", "20", "--hidden", "16", "--holdout-fraction", "0"])
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertEqual(try Policy(contentsOf: clone).decision, EvictionTrace.decision)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("clone/provenance.json").path))

        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo")
        let report = scratch.appendingPathComponent("report")
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "clone=\(clone.path)",
                                        "--policy", "prior=\(prior.path)", "--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        XCTAssertEqual(decoded.configurations, ["default", "clone", "prior"])
        XCTAssertEqual(decoded.modules.count, 4)
        let totals = decoded.totals()
        let priorTotal = totals.first { $0.configuration == "prior" }!
        let best = totals.first { $0.configuration == "best per function" }!
        XCTAssertGreaterThan(priorTotal.costChange, 10, "the hand-written prior costs far more than LLVM on matrix_ops (docs/eviction.md)")
        // The function deciding most of the prior's total: its module's largest change, and the
        // total without it is the total with that function at LLVM's cost.
        let baseCost = try XCTUnwrap(totals.first { $0.configuration == "default" }).weightedCost
        let largest = try XCTUnwrap(decoded.modules.compactMap { module in module.largestFunctionChange?["prior"].map { (module, $0) } }
            .max { abs($0.1.change) < abs($1.1.change) })
        XCTAssertEqual(priorTotal.largestFunction, "o2/\(largest.0.module): \(largest.1.function)")
        XCTAssertEqual(priorTotal.largestFunctionChange, largest.1.change)
        XCTAssertGreaterThan(abs(largest.1.change), 0)
        XCTAssertEqual(priorTotal.costChangeWithoutLargestFunction, ((priorTotal.weightedCost - largest.1.change) / baseCost - 1) * 100,
                       accuracy: 1e-9)
        for module in decoded.modules where module.weightedCost["prior"] != module.weightedCost["default"] {
            XCTAssertNotNil(module.largestFunctionChange?["prior"], "a module whose cost changed has a function that changed: \(module.module)")
        }
        XCTAssertTrue(try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8)
            .contains("function with the largest change"))
        XCTAssertLessThanOrEqual(best.weightedCost, totals.first { $0.configuration == "default" }!.weightedCost)
        XCTAssertTrue(try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8).contains("best per function"))

        // The gate: the prior as the first policy grows the cost past 5%.
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior.path)",
                                        "--output", scratch.appendingPathComponent("gate").path, "--max-regression", "5"] + plugin)
        XCTAssertEqual(output.exitCode, 2, output.standardError)
        XCTAssertTrue(output.standardError.contains("more than --max-regression"), output.standardError)
    }

    static let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo")

    /// The four bundled modules the tuning tests compile at -O2.
    func tunedCorpus() throws -> URL { try makeO2Corpus(["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser"]) }

    /// `tune --problem eviction` as a user runs it: the decisions file gives LLVM exactly the
    /// functions where it spills less than the policy, and its replay reaches the better of the
    /// two in every function (the spill report's best per function for these two); a policy of
    /// the other problem, no policy, and --resume are refused.
    func testTuningEvictionReachesTheBestOfLLVMAndThePolicyPerFunction() throws {
        let (corpus, prior, tune) = (try tunedCorpus(), Self.prior, scratch.appendingPathComponent("tune"))
        var output = try run("mlgo-train", ["tune", "--problem", "eviction", "--corpus", corpus.path, "--policy", prior.path,
                                            "--output", tune.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("-mlgo-evict-decisions="), output.standardOutput)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: tune.appendingPathComponent("summary.json"))) as? [String: Any])
        let llvm = summary["llvm"] as! Double, policy = summary["policy"] as! Double
        let tuned = summary["tuned"] as! Double, best = summary["bestPerFunction"] as! Double
        XCTAssertEqual(summary["modules"] as? Int, 4)
        XCTAssertGreaterThan(policy, llvm, "the prior spills more than LLVM here")
        XCTAssertEqual(tuned, best, accuracy: 1e-6 * llvm, "the replay reaches the per-function best")
        XCTAssertLessThanOrEqual(tuned, min(llvm, policy) + 1e-6 * llvm)
        let file = try String(contentsOf: tune.appendingPathComponent("tuned.evict-decisions"), encoding: .utf8)
        let given = file.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("mlgo-evict-decisions") }
        XCTAssertTrue(file.hasPrefix("mlgo-evict-decisions 1\n"))
        XCTAssertEqual(given.count, summary["functionsForLLVM"] as? Int)
        XCTAssertFalse(given.isEmpty)
        XCTAssertTrue(given.allSatisfy { $0.hasSuffix("\tllvm") }, file)

        // The report's per-function best of LLVM and the prior is what the file reached.
        let report = scratch.appendingPathComponent("report")
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior.path)",
                                        "--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        XCTAssertEqual(decoded.modules.reduce(0) { $0 + $1.bestPerFunction }, tuned, accuracy: 1e-6 * llvm)

        let inlining = TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz/policy.mlgo")
        output = try run("mlgo-train", ["tune", "--problem", "eviction", "--corpus", corpus.path, "--policy", inlining.path,
                                        "--output", scratch.appendingPathComponent("wrong").path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("index_to_evict"), output.standardError)
        output = try run("mlgo-train", ["tune", "--problem", "eviction", "--corpus", corpus.path, "--output", tune.path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("needs --policy"), output.standardError)
        output = try run("mlgo-train", ["tune", "--problem", "eviction", "--corpus", corpus.path, "--policy", prior.path, "--resume",
                                        "--output", tune.path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("drop --resume"), output.standardError)
    }

    /// The per-function gate end to end: `tune --problem eviction` writes every function's costs
    /// and shape (functions.jsonl, summing to its totals), `train gate` fits a gate from it, and
    /// `report spill --gate` compiles with the plugin's gate; each module's cost under the gate is
    /// what the table says the gate's choice costs (the plugin's and Swift's evaluation of the gate
    /// agree, and a function's allocation depends on its own advisor only). A gate that is not
    /// one is refused.
    func testAGateFittedOnTheTunedFunctionsIsWhatThePluginApplies() throws {
        let (corpus, prior, tune) = (try tunedCorpus(), Self.prior, scratch.appendingPathComponent("tune"))
        var output = try run("mlgo-train", ["tune", "--problem", "eviction", "--corpus", corpus.path, "--policy", prior.path,
                                            "--output", tune.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let rows = try EvictionGateFitting.readTable(tune.appendingPathComponent("functions.jsonl"))
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: tune.appendingPathComponent("summary.json"))) as? [String: Any])
        let llvm = summary["llvm"] as! Double
        XCTAssertEqual(rows.reduce(0) { $0 + $1.llvm }, llvm, accuracy: 1e-6 * llvm)
        XCTAssertEqual(rows.reduce(0) { $0 + $1.policy }, summary["policy"] as! Double, accuracy: 1e-6 * llvm)
        XCTAssertTrue(rows.allSatisfy { Set($0.shape.keys) == Set(FunctionShape.featureNames) }, "every function has its shape")
        XCTAssertGreaterThan(rows.filter { $0.llvm != $0.policy }.count, 3)

        let gate = scratch.appendingPathComponent("gate.mlgo")
        output = try run("mlgo-train", ["train", "gate", "--functions", tune.path, "--validation", tune.path, "--hidden", "8",
                                        "--epochs", "100", "--output", gate.path])
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("validation \(tune.path): \(rows.count) functions"), output.standardOutput)
        let gatePolicy = try Policy(contentsOf: gate)
        XCTAssertEqual(gatePolicy.decision, "eviction_gate")

        let report = scratch.appendingPathComponent("report")
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior.path)",
                                        "--gate", "g=\(gate.path)", "--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        XCTAssertEqual(decoded.configurations, ["default", "prior", "prior+g"])
        for module in decoded.modules {
            let own = rows.filter { $0.module.hasSuffix("/" + module.module) }
            XCTAssertFalse(own.isEmpty, module.module)
            let expected = EvictionGateFitting.gatedCost(own, gate: gatePolicy)
            XCTAssertEqual(try XCTUnwrap(module.weightedCost["prior+g"]), expected, accuracy: 1e-6 * max(expected, 1), module.module)
        }

        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", prior.path, "--gate", prior.path,
                                        "--output", report.path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("eviction_gate"), output.standardError)
    }

    /// `mlgo-train margin` as a user runs it: the prior with margin 0 spills as the prior does,
    /// with a margin above any score difference as LLVM does; bad input gets a clear error.
    func testMarginSpansThePolicyAndLLVMInTheSpillReport() throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm"])
        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo")
        var policies: [String] = []
        for margin in ["0", "1000"] {
            let file = scratch.appendingPathComponent("m\(margin).mlgo")
            let output = try run("mlgo-train", ["margin", "--policy", prior.path, "--margin", margin, "--output", file.path])
            XCTAssertEqual(output.exitCode, 0, output.standardError)
            XCTAssertTrue(try Policy(contentsOf: file).features.contains(EvictionTrace.llvmChoice))
            policies += ["--policy", "m\(margin)=\(file.path)"]
        }
        let report = scratch.appendingPathComponent("margins")
        let output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior.path)"]
                                 + policies + ["--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        for module in decoded.modules {
            XCTAssertEqual(module.weightedCost["m0"], module.weightedCost["prior"], module.module)
            XCTAssertEqual(module.weightedCost["m1000"], module.weightedCost["default"], module.module)
            XCTAssertEqual(module.textSize["m1000"], module.textSize["default"], module.module)
        }
        XCTAssertTrue(decoded.modules.contains { $0.weightedCost["prior"] != $0.weightedCost["default"] }, "the prior departs somewhere")

        // A policy of neither problem (another decision name) is refused.
        let other = scratch.appendingPathComponent("other.mlgo")
        try String(contentsOf: prior, encoding: .utf8)
            .replacingOccurrences(of: "decision \(EvictionTrace.decision)", with: "decision some_other_decision")
            .write(to: other, atomically: true, encoding: .utf8)
        let wrong = try run("mlgo-train", ["margin", "--policy", other.path, "--margin", "1",
                                           "--output", scratch.appendingPathComponent("wrong.mlgo").path])
        XCTAssertNotEqual(wrong.exitCode, 0)
        XCTAssertTrue(wrong.standardError.contains("a margin applies to an eviction scorer"), wrong.standardError)
        let negative = try run("mlgo-train", ["margin", "--policy", prior.path, "--margin=-1",
                                              "--output", scratch.appendingPathComponent("negative.mlgo").path])
        XCTAssertNotEqual(negative.exitCode, 0)
        XCTAssertTrue(negative.standardError.contains("--margin must be"), negative.standardError)
    }

    /// `train es --problem eviction`: evolution strategies on the weighted spill cost. The
    /// held-out change it logs for its starting policy is the spill report's total for the same
    /// policy and modules; perturbed candidates spill differently, so the policy moves; a
    /// resumed run continues from its checkpoint with LLVM's costs from the baseline cache; a
    /// policy of the other problem is refused with a clear error, either way.
    func testEvolutionStrategiesLowerTheSpillCost() throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser"])
        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo")
        let run = scratch.appendingPathComponent("runs/es")
        func es(_ steps: Int, _ extra: [String] = []) throws -> CommandOutput {
            try self.run("mlgo-train", ["train", "es", "--problem", "eviction", "--corpus", corpus.path, "--held-out-corpus", corpus.path,
                                        "--holdout-fraction", "0", "--initial", prior.path, "--output", run.path, "--steps", "\(steps)",
                                        "--pairs", "2", "--sigma", "2", "--learning-rate", "0.5", "--modules-per-step", "4",
                                        "--evaluate-every", "1", "--straggler-factor", "0"] + extra + plugin, timeout: 600)
        }
        var output = try es(1)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        func metrics() throws -> [[String: Any]] {
            try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
                .map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }
        var lines = try metrics()
        let heldOut = lines.filter { $0["kind"] as? String == "held_out" }
        let train = lines.filter { $0["kind"] as? String == "train" }
        XCTAssertEqual(heldOut.count, 2)
        XCTAssertEqual(train.count, 1)
        XCTAssertEqual(train.first?["compiles"] as? Int, 2 * 2 * 4, "every candidate on every module")
        XCTAssertNotEqual(train.first?["best_candidate_reward"] as? Double, train.first?["mean_reward"] as? Double,
                          "perturbations of the prior's three weights change its allocation")
        let start = try XCTUnwrap(heldOut.first?["spill_cost_change"] as? Double)

        let report = scratch.appendingPathComponent("report")
        output = try self.run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior.path)",
                                             "--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        let priorTotal = try XCTUnwrap(decoded.totals().first { $0.configuration == "prior" })
        XCTAssertEqual(start * 100, priorTotal.costChange, accuracy: 1e-6, "the run's score is the report's")
        XCTAssertNotEqual(try Policy(contentsOf: run.appendingPathComponent("policy.mlgo")).layers[0].weights,
                          try Policy(contentsOf: prior).layers[0].weights)
        let cache = try String(contentsOf: scratch.appendingPathComponent("runs/baselines.json"), encoding: .utf8)
        XCTAssertTrue(cache.contains("weighted spill cost"), cache)

        output = try es(2, ["--resume"])
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardError.contains("resuming at step 1 of 2"), output.standardError)
        lines = try metrics()
        XCTAssertEqual(lines.filter { $0["kind"] as? String == "train" }.map { $0["step"] as? Int }, [1, 2])

        let inlining = TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz/policy.mlgo")
        output = try self.run("mlgo-train", ["train", "es", "--problem", "eviction", "--corpus", corpus.path, "--initial", inlining.path,
                                             "--output", scratch.appendingPathComponent("runs/wrong").path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("starts from an eviction scorer"), output.standardError)
        output = try self.run("mlgo-train", ["train", "es", "--corpus", corpus.path, "--initial", prior.path,
                                             "--output", scratch.appendingPathComponent("runs/wrong").path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("pass --problem eviction"), output.standardError)
    }

    /// `search --problem eviction` tries one departure from LLVM per function per compile; each
    /// trial's recorded cost is what forcing that departure alone gives (functions are
    /// allocated independently), rounds never repeat a trial, a finished run resumes at once,
    /// and `train bc --searched` learns a policy the plugin runs.
    func testPerDecisionSearchAndLearningFromIt() throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm"])
        let search = scratch.appendingPathComponent("search")
        var output = try run("mlgo-train", ["search", "--problem", "eviction", "--corpus", corpus.path, "--rounds", "3",
                                            "--output", search.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("| o2 | 2 |"), output.standardOutput)
        let lines = try String(contentsOf: search.appendingPathComponent("results.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        var seen = Set<String>()
        var checked = 0
        for line in lines {
            let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let module = try XCTUnwrap(record["module"] as? String)
            let trials = try XCTUnwrap(record["trials"] as? [[String: Any]])
            XCTAssertFalse(trials.isEmpty, module)
            XCTAssertTrue(FileManager.default.fileExists(atPath: search.appendingPathComponent("traces/o2/\(module).log").path))
            for trial in trials {
                let alternative = try XCTUnwrap(trial["alternative"] as? [String: Any])
                let function = alternative["function"] as! String, index = alternative["index"] as! Int, slot = alternative["slot"] as! Int
                XCTAssertNotEqual(slot, alternative["llvmSlot"] as! Int)
                XCTAssertTrue(seen.insert("\(module) \(function) \(index) \(slot)").inserted, "a trial is tried once")
            }
            // The first trial that changed its function's cost, forced alone, costs the same.
            guard let changed = trials.first(where: { ($0["cost"] as! Double) != ($0["llvmCost"] as! Double) }) else { continue }
            let alternative = changed["alternative"] as! [String: Any]
            let decisions = scratch.appendingPathComponent("alone.decisions")
            try "mlgo-evict-decisions 1\n\(alternative["function"]!)\t\(alternative["index"]!)\t\(alternative["slot"]!)\n"
                .write(to: decisions, atomically: true, encoding: .utf8)
            let compiler = EvictionCompiler(toolchain: toolchain, optimizedCache: scratch.appendingPathComponent("optimized"))
            let outcome = try compiler.compile(bitcode: corpus.appendingPathComponent("\(module).bc"),
                                               setup: EvictionSetup(mode: .train, decisions: decisions), scratch: scratch.appendingPathComponent("alone"))
            XCTAssertEqual(outcome.functions[alternative["function"] as! String]?.weighted ?? 0, changed["cost"] as! Double, accuracy: 1e-9)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0, "some departure changes a function's spill cost")

        output = try run("mlgo-train", ["search", "--problem", "eviction", "--corpus", corpus.path, "--rounds", "3",
                                        "--output", search.path, "--resume"] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardError.contains("resuming: 2 modules done, 0 to search"), output.standardError)
        output = try run("mlgo-train", ["search", "--problem", "eviction", "--corpus", corpus.path, "--rounds", "2",
                                        "--output", search.path, "--resume"] + plugin)
        XCTAssertNotEqual(output.exitCode, 0, "other settings cannot resume the run")

        let policy = scratch.appendingPathComponent("searched/policy.mlgo")
        output = try run("mlgo-train", ["train", "bc", "--problem", "eviction", "--searched", search.path, "--heuristic-input",
                                        "--output", policy.path, "--epochs", "10", "--hidden", "8", "--holdout-fraction", "0"])
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(try Policy(contentsOf: policy).features.contains(EvictionTrace.llvmChoice))
        let report = scratch.appendingPathComponent("report")
        output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "searched=\(policy.path)",
                                        "--output", report.path] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let decoded = try JSONDecoder().decode(SpillCostReport.self, from: Data(contentsOf: report.appendingPathComponent("report.json")))
        XCTAssertEqual(decoded.configurations, ["default", "searched"])
    }
}

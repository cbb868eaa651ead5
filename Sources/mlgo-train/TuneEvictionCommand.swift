import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

/// `tune --problem eviction`: which functions of the user's project LLVM's advisor allocates
/// (EvictionTuning), and one replayed compile of every module to show what the file gives.
extension TuneCommand {
    /// Weighted spill cost totals of the tuned corpora, under each configuration.
    struct EvictionTuneSummary: Codable {
        var modules: Int
        var failedModules: [String]
        var functionsForLLVM: Int
        var sharedNames: Int
        /// LLVM's advisor, the policy, the replayed decisions file, and the per-function best of
        /// the first two (what the file should reach).
        var llvm: Double, policy: Double, tuned: Double, bestPerFunction: Double
        var llvmText: Int, policyText: Int, tunedText: Int
    }

    func runEviction() throws {
        let loaded = try loadCorpora(corpora)
        try requirePerModuleCorpora(loaded, for: "tune --problem eviction")
        let folder = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let path = policy else { throw ValidationError("--problem eviction needs --policy") } // validate() checks it first
        let policyURL = URL(commandLinePath: path)
        let read = try Policy(contentsOf: policyURL) // fail early on a bad file, or another problem's policy
        guard read.decision == EvictionTrace.decision else {
            throw MLGOError.invalidArgument("\(path) decides '\(read.decision)'; tune --problem eviction needs an eviction policy (it decides '\(EvictionTrace.decision)')")
        }
        let runner = try tools.runner(scratch: folder.appendingPathComponent(".scratch"))
        let compiler = try tools.evictionCompiler(optimizedCache: folder.appendingPathComponent(".optimized"))
        let scratch = runner.scratch
        let decisionsURL = folder.appendingPathComponent("tuned.evict-decisions")
        defer { try? FileManager.default.removeItem(at: scratch) }

        // 1. Every module under LLVM and under the policy.
        let policySetup = EvictionSetup(mode: .release, policy: policyURL)
        var compared: [(corpus: String, module: String, llvm: EvictionOutcome, policy: EvictionOutcome)] = []
        var failed: [String] = []
        for corpus in loaded {
            let runs = try runner.map(corpus, progress: progressPrinter("tune \(corpus.name)")) { _, bitcode in
                try compiler.compile(bitcode: bitcode, setups: [.stock, policySetup], scratch: scratch)
            }
            for run in runs {
                guard let outcomes = run.outcome else { failed.append("\(corpus.name)/\(run.module): \(run.failure ?? "failed")"); continue }
                compared.append((corpus.name, run.module, outcomes[0], outcomes[1]))
            }
        }
        guard !compared.isEmpty else {
            for failure in failed { Logger.mlgoTrain.error("failed \(failure)") }
            throw MLGOError.invalidArgument("tune --problem eviction: no module compiled under both LLVM and the policy; nothing written")
        }
        try writeFunctionTable(compared.map { ("\($0.corpus)/\($0.module)", $0.llvm, $0.policy) },
                               to: folder.appendingPathComponent("functions.jsonl"))
        let choice = EvictionTuning.choose(compared.map {
            EvictionTuning.ModuleCosts(module: "\($0.corpus)/\($0.module)", llvm: $0.llvm.functions.mapValues(\.weighted),
                                       policy: $0.policy.functions.mapValues(\.weighted))
        })
        let unwritable = choice.functionsForLLVM.filter { !EvictionTuning.canBeWritten($0) }
        for name in unwritable { Logger.mlgoTrain.warning("function '\(name)' cannot be named in a decisions file; left to the policy") }
        let functions = choice.functionsForLLVM.filter(EvictionTuning.canBeWritten)
        try EvictionTuning.decisionsFile(givingToLLVM: functions).write(to: decisionsURL, atomically: true, encoding: .utf8)

        // 2. The file replayed: the corpus as a user's build compiles it with the file.
        let tunedSetup = EvictionSetup(mode: .release, policy: policyURL, decisions: decisionsURL)
        var tuned: [String: EvictionOutcome] = [:]
        for corpus in loaded {
            let runs = try runner.map(corpus, progress: progressPrinter("replay \(corpus.name)")) { _, bitcode in
                try compiler.compile(bitcode: bitcode, setup: tunedSetup, scratch: scratch)
            }
            for run in runs {
                guard let outcome = run.outcome else { failed.append("\(corpus.name)/\(run.module) (replay): \(run.failure ?? "failed")"); continue }
                tuned["\(corpus.name)/\(run.module)"] = outcome
            }
        }
        let replayed = compared.filter { tuned["\($0.corpus)/\($0.module)"] != nil }
        let summary = EvictionTuneSummary(
            modules: replayed.count, failedModules: failed, functionsForLLVM: functions.count, sharedNames: choice.sharedNames.count,
            llvm: replayed.reduce(0) { $0 + $1.llvm.total.weighted },
            policy: replayed.reduce(0) { $0 + $1.policy.total.weighted },
            tuned: replayed.reduce(0) { $0 + tuned["\($1.corpus)/\($1.module)"]!.total.weighted },
            bestPerFunction: replayed.reduce(0) { $0 + EvictionOutcome.bestPerFunction([$1.llvm, $1.policy]) },
            llvmText: replayed.reduce(0) { $0 + $1.llvm.textSize },
            policyText: replayed.reduce(0) { $0 + $1.policy.textSize },
            tunedText: replayed.reduce(0) { $0 + tuned["\($1.corpus)/\($1.module)"]!.textSize })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(summary).write(to: folder.appendingPathComponent("summary.json"), options: .atomic)
        for failure in failed { Logger.mlgoTrain.warning("failed \(failure)") }
        func change(_ cost: Double) -> String { String(format: "%+.2f%%", (cost / max(summary.llvm, 1e-12) - 1) * 100) }
        print("\(summary.modules) modules, weighted spill cost against LLVM's advisor (\(String(format: "%.1f", summary.llvm))):"
              + " policy \(change(summary.policy)), tuned \(change(summary.tuned)), best per function \(change(summary.bestPerFunction))")
        print(String(format: ".text: LLVM %d, policy %d, tuned %d bytes", summary.llvmText, summary.policyText, summary.tunedText))
        print("\(functions.count) functions given to LLVM (\(choice.sharedNames.count) names have spill code in several modules)")
        print("tuned decisions: \(decisionsURL.path); every function's costs and shape: \(folder.appendingPathComponent("functions.jsonl").path)")
        print("use: llc-22 -O2 -load-pass-plugin=\(try tools.toolchain().plugin) -mlgo-evict-mode=release"
              + " -mlgo-evict-policy=\(policyURL.path) -mlgo-evict-decisions=\(decisionsURL.path) ...")
    }

    /// One JSON line per machine function of each module: its weighted spill cost under LLVM
    /// and under the policy, and its shape before allocation (the plugin's remark). The evidence
    /// behind the choice, and what `train gate` learns from.
    private func writeFunctionTable(_ modules: [(module: String, llvm: EvictionOutcome, policy: EvictionOutcome)], to url: URL) throws {
        let rows = modules.flatMap { entry in
            Set(entry.llvm.functions.keys).union(entry.policy.functions.keys).union(entry.policy.shapes.keys).sorted().map { function in
                EvictionGateFitting.FunctionOutcome(
                    module: entry.module, function: function, llvm: entry.llvm.functions[function]?.weighted ?? 0,
                    policy: entry.policy.functions[function]?.weighted ?? 0, shape: entry.policy.shapes[function]?.features ?? [:])
            }
        }
        try EvictionGateFitting.writeTable(rows, to: url)
    }
}

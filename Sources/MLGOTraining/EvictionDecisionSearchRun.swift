import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// The per-decision eviction search (EvictionDecisionSearch) over corpora, on the worker pool.
/// Per module: one compile of LLVM's allocation (train mode, no policy: its trace and each
/// function's cost), then `rounds` compiles, each forcing one untried departure in every
/// function that has one. The run folder holds:
/// - `settings.json`: what the run was started with (a resume must match);
/// - `results.jsonl`: one line per finished module (every trial, LLVM's cost per function);
/// - `traces/<corpus>/<module>.log`: the trace of LLVM's allocation, whose features the
///   trials' decisions are learnt from (`train bc --problem eviction --searched`);
/// - `summary.md`: what the departures found, per corpus.
public struct EvictionDecisionSearchRun: Sendable {
    public struct Settings: Codable, Sendable, Equatable {
        /// Forcing compiles per module after LLVM's (each tries one departure per function).
        public var rounds = 4
        public var seed: UInt64 = 1
        public init() {}
    }

    public struct ModuleRecord: ModuleRunRecord {
        public var corpus: String
        public var module: String
        /// LLVM's weighted spill cost of the module.
        public var llvmCost: Double
        public var trials: [EvictionDecisionSearch.Trial]
        public var compiles: Int
        public var seconds: Double
        public var name: String { "\(corpus)/\(module)" }
        var compileCount: Int { compiles }
    }

    public let settings: Settings
    public let modules: [TrainingModule]
    public let compiler: EvictionCompiler
    public let jobs: Int
    public let folder: URL

    public init(settings: Settings, modules: [TrainingModule], compiler: EvictionCompiler, jobs: Int, folder: URL) {
        self.settings = settings
        self.modules = modules
        self.compiler = compiler
        self.jobs = jobs
        self.folder = folder
    }

    var scratch: URL { folder.appendingPathComponent(".scratch") }
    public static func traceURL(for module: String, corpus: String, in folder: URL) -> URL {
        folder.appendingPathComponent("traces/\(corpus)/\(module).log")
    }

    /// Searches every module not finished yet; returns all finished modules' records in
    /// `modules` order. Failed modules are logged and left out (and tried again on resume).
    @discardableResult
    public func run(resume: Bool, logger: Logger) throws -> [ModuleRecord] {
        let records = try PerModuleRun.run(settings, modules: modules, folder: folder, resume: resume, jobs: jobs,
                                           backend: compiler.backend, logger: logger, describe: { record in
            "\(record.trials.count) trials, \(record.trials.filter { $0.change < 0 }.count) spill less than LLVM"
        }, work: search)
        try Self.summary(records).write(to: folder.appendingPathComponent("summary.md"), atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: scratch)
        return records
    }

    /// LLVM's allocation of one module, then the rounds of departures.
    func search(_ module: TrainingModule) throws -> ModuleRecord {
        let started = Date()
        let work = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let trace = Self.traceURL(for: module.module, corpus: module.corpus, in: folder)
        try FileManager.default.createDirectory(at: trace.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: trace)
        let llvm = try compiler.compile(bitcode: module.bitcode, setup: EvictionSetup(mode: .train, trace: trace), scratch: work)
        var trials: [EvictionDecisionSearch.Trial] = []
        var compiles = 1
        // A module without an eviction decision writes no trace: nothing to search.
        if FileManager.default.fileExists(atPath: trace.path) {
            let alternatives = try EvictionDecisionSearch.alternatives(in: TrainingLog(contentsOf: trace))
            for round in 0..<settings.rounds {
                let plan = EvictionDecisionSearch.plan(alternatives, round: round, seed: settings.seed)
                if plan.isEmpty { break }
                let decisions = work.appendingPathComponent("round\(round).decisions")
                try EvictionDecisionSearch.decisionsFile(plan).write(to: decisions, atomically: true, encoding: .utf8)
                let outcome = try compiler.compile(bitcode: module.bitcode, setup: EvictionSetup(mode: .train, decisions: decisions),
                                                   scratch: work)
                compiles += 1
                for alternative in plan {
                    trials.append(EvictionDecisionSearch.Trial(
                        alternative: alternative, llvmCost: llvm.functions[alternative.function]?.weighted ?? 0,
                        cost: outcome.functions[alternative.function]?.weighted ?? 0))
                }
            }
        }
        return ModuleRecord(corpus: module.corpus, module: module.module, llvmCost: llvm.total.weighted, trials: trials,
                            compiles: compiles, seconds: Date().timeIntervalSince(started))
    }

    /// Checks or writes settings.json; the records of finished modules when resuming.
    /// The modules a run folder has finished, in results.jsonl order.
    public static func finishedRecords(in folder: URL) -> [ModuleRecord] {
        ResultLog.records(ModuleRecord.self, in: folder.appendingPathComponent("results.jsonl"))
    }

    /// Per corpus: trials, how many departures spilled less, as much, more than LLVM, and the
    /// cost the improving ones would save if each were taken alone (an upper view of one step).
    public static func summary(_ records: [ModuleRecord]) -> String {
        var lines = ["# Per-decision eviction search", "",
                     "Each trial forces one decision of one machine function to another valid slot, LLVM deciding the rest; "
                     + "its function's weighted spill cost is compared with LLVM's allocation.", "",
                     "| corpus | modules | trials | spill less | as much | spill more | LLVM's cost | saved by the improving trials, each alone |",
                     "|---|---|---|---|---|---|---|---|"]
        let byCorpus = Dictionary(grouping: records, by: \.corpus)
        for corpus in byCorpus.keys.sorted() {
            let group = byCorpus[corpus]!
            let trials = group.flatMap(\.trials)
            let less = trials.filter { $0.change < 0 }, more = trials.filter { $0.change > 0 }
            let cost = group.map(\.llvmCost).reduce(0, +)
            // The best improving trial of each function: departures in one function interact.
            var bestPerFunction: [String: Double] = [:]
            for record in group {
                for trial in record.trials where trial.change < 0 {
                    let key = record.name + "\t" + trial.alternative.function
                    bestPerFunction[key] = min(bestPerFunction[key] ?? 0, trial.change)
                }
            }
            let saved = -bestPerFunction.keys.sorted().reduce(0) { $0 + bestPerFunction[$1]! }
            lines.append("| \(corpus) | \(group.count) | \(trials.count) | \(less.count) | \(trials.count - less.count - more.count) | \(more.count) | "
                         + String(format: "%.1f | %.1f (%.2f%%) |", cost, saved, cost > 0 ? saved / cost * 100 : 0))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

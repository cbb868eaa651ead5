import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// The per-callsite search (CallsiteSearch) over a corpus, on the worker pool: one module per
/// worker at a time, each module's result saved as soon as it is found, so a killed run
/// resumes with the modules it had not finished. The run folder holds:
/// - `settings.json`: what the run was started with (a resume must match);
/// - `results.jsonl`: one line per finished module (sizes, compiles, kept flips);
/// - `decisions/<corpus>/<module>.decisions`: every decision of the module's best compile, in
///   the plugin's format: `-mlgo-inline-decisions` replays it;
/// - `summary.json` and `summary.md`: the headroom per corpus (written at the end).
public struct CallsiteSearchRun: Sendable {
    /// Whose decisions the search starts from, and who decides the callsites it does not force.
    public enum Start: Codable, Sendable, Equatable {
        /// LLVM's heuristic (train mode without a policy).
        case heuristic
        /// The policy compiled into the plugin (release mode): what `tune` starts from, since
        /// it decides the callsites a tuned decisions file does not know.
        case embeddedPolicy
        /// A policy file (release mode).
        case policyFile(String)

        var setup: InliningSetup {
            switch self {
            case .heuristic: InliningSetup(mode: .train)
            case .embeddedPolicy: InliningSetup(mode: .release)
            case .policyFile(let path): InliningSetup(mode: .release, policy: URL(fileURLWithPath: path))
            }
        }
    }

    public struct Settings: Codable, Sendable, Equatable {
        public var search = CallsiteSearch.Settings()
        public var start = Start.heuristic
        public init() {}
    }

    /// One module's outcome, as saved in results.jsonl.
    public struct ModuleRecord: ModuleRunRecord {
        public var corpus: String
        public var module: String
        /// The heuristic's `.text` (the start's when the search starts from the heuristic).
        public var heuristicSize: Int
        public var search: CallsiteSearch.Result
        /// The smallest `.text` over `thresholds`, and the threshold that reached it.
        public var bestThresholdSize: Int?
        public var bestThreshold: Int?
        public var seconds: Double
        public var name: String { "\(corpus)/\(module)" }
        var compileCount: Int { search.compiles }
    }

    public let settings: Settings
    public let modules: [TrainingModule]
    public let compiler: ModuleCompiler
    public let jobs: Int
    public let folder: URL

    public init(settings: Settings, modules: [TrainingModule], compiler: ModuleCompiler, jobs: Int, folder: URL) {
        self.settings = settings
        self.modules = modules
        self.compiler = compiler
        self.jobs = jobs
        self.folder = folder
    }

    var resultsFile: URL { folder.appendingPathComponent("results.jsonl") }
    var scratch: URL { folder.appendingPathComponent(".scratch") }
    public func decisionsFile(for module: TrainingModule) -> URL {
        folder.appendingPathComponent("decisions/\(module.name).decisions")
    }

    /// Searches every module not finished yet; returns all modules' records, finished earlier
    /// or now, in `modules` order. Failed modules are logged and left out.
    @discardableResult
    public func run(resume: Bool, logger: Logger) throws -> [ModuleRecord] {
        let records = try PerModuleRun.run(settings, modules: modules, folder: folder, resume: resume, jobs: jobs,
                                           backend: compiler.backend, logger: logger, describe: { record in
            String(format: "%d → %d bytes (%+.2f%%), %d compiles", record.search.startSize, record.search.bestSize,
                   Self.change(record.search.bestSize, record.heuristicSize) * 100, record.search.compiles)
        }, work: search)
        let summary = CallsiteSearchSummary(records: records)
        try summary.write(json: folder.appendingPathComponent("summary.json"), markdown: folder.appendingPathComponent("summary.md"))
        try? FileManager.default.removeItem(at: scratch)
        return records
    }

    /// The best decisions of every searched module in one file, one section per source file:
    /// what `tune` gives the plugin (`-mlgo-inline-decisions`). Modules that share a source file
    /// name (one file compiled twice with other flags) cannot both be replayed by name: the
    /// first keeps the section, the others are returned as left out.
    public func mergedDecisions(_ records: [ModuleRecord]) throws -> (decisions: InliningDecisions, leftOut: [String]) {
        var merged = InliningDecisions()
        var seen = Set<String>()
        var leftOut: [String] = []
        for record in records {
            let module = TrainingModule(corpus: record.corpus, module: record.module, bitcode: URL(fileURLWithPath: "/"))
            guard let section = try InliningDecisions(contentsOf: decisionsFile(for: module)).onlyModule,
                  !section.decisions.isEmpty else { continue }
            guard seen.insert(section.name).inserted else {
                leftOut.append(record.name)
                continue
            }
            merged.modules.append(section)
        }
        return (merged, leftOut)
    }

    /// The modules finished so far, in results.jsonl order. A line cut off by a kill is
    /// dropped: that module is searched again on resume.
    public func finishedRecords() -> [ModuleRecord] {
        ResultLog.records(ModuleRecord.self, in: resultsFile)
    }

    /// The run in `folder` as it was started (its settings.json), over `modules`.
    public static func existing(in folder: URL, modules: [TrainingModule], compiler: ModuleCompiler, jobs: Int) throws -> CallsiteSearchRun {
        let file = folder.appendingPathComponent("settings.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw MLGOError.unavailable(file.path, "not a search run folder (mlgo-train search --output)")
        }
        let settings = try JSONDecoder().decode(Settings.self, from: data)
        return CallsiteSearchRun(settings: settings, modules: modules, compiler: compiler, jobs: jobs, folder: folder)
    }

    /// The whole search of one module, and its saved best decisions.
    func search(_ module: TrainingModule) throws -> ModuleRecord {
        let started = Date()
        let work = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var sourceFileName = ""
        let search = CallsiteSearch(settings: settings.search) { forced, threshold in
            let start = forced.isEmpty && threshold == nil
            // A threshold is LLVM's heuristic at that threshold, whatever the start.
            let base = threshold == nil ? settings.start.setup : InliningSetup(mode: .train)
            let trial = try compileTrial(module, base: base, threshold: threshold, forced: forced,
                                         traced: forced.isEmpty, in: work)
            if start { sourceFileName = trial.sourceFileName }
            return trial.trial
        }
        let result = try search.run()
        let best = InliningDecisions(modules: [.init(name: sourceFileName, decisions: result.bestDecisions)])
        let destination = decisionsFile(for: module)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try best.write(to: destination)

        let heuristicSize = settings.start == .heuristic
            ? result.startSize : try compiler.compiling(module).compile(bitcode: module.bitcode, setup: .stock, scratch: work).textSize
        // LLVM deciding through the plugin compiles exactly as stock LLVM (tested), so the
        // global moves are the thresholds' stock sizes.
        let bestThreshold = settings.search.thresholds.compactMap { threshold in
            result.globalMoves["threshold \(threshold)"].map { (threshold: threshold, size: $0) }
        }.min { $0.size != $1.size ? $0.size < $1.size : $0.threshold < $1.threshold }
        return ModuleRecord(corpus: module.corpus, module: module.module, heuristicSize: heuristicSize, search: result,
                            bestThresholdSize: bestThreshold.map { min($0.size, heuristicSize) },
                            bestThreshold: bestThreshold?.threshold, seconds: Date().timeIntervalSince(started))
    }

    /// One compile with `forced` decisions; the start policy (or LLVM) decides the rest.
    private func compileTrial(_ module: TrainingModule, base: InliningSetup, threshold: Int?, forced: CallsiteSearch.Forced,
                              traced: Bool, in work: URL) throws -> (trial: CallsiteSearch.Trial, sourceFileName: String) {
        let token = UUID().uuidString
        let record = work.appendingPathComponent("\(token).record")
        let trace = traced ? work.appendingPathComponent("\(token).log") : nil
        var decisions: URL?
        if !forced.isEmpty {
            decisions = work.appendingPathComponent("\(token).decisions")
            try InliningDecisions.forAnyModule(forced).write(to: decisions!)
        }
        defer { for file in [record, trace, decisions].compactMap({ $0 }) { try? FileManager.default.removeItem(at: file) } }
        var setup = base
        setup.trace = trace
        setup.decisions = decisions
        setup.record = record
        if let threshold { setup.optArguments = ["-inline-threshold=\(threshold)"] }
        let outcome = try compiler.compiling(module).compile(bitcode: module.bitcode, setup: setup, scratch: work)
        // A module without a decision writes no record.
        let recorded = FileManager.default.fileExists(atPath: record.path)
            ? try InliningDecisions(contentsOf: record).onlyModule : nil
        let margins = try trace.flatMap { try Self.margins(trace: $0, count: recorded?.decisions.count ?? 0) }
        return (CallsiteSearch.Trial(textSize: outcome.textSize, decisions: recorded?.decisions ?? [], margins: margins),
                recorded?.name ?? "")
    }

    /// |threshold − cost estimate| of every decision of a trace, in decision order.
    static func margins(trace: URL, count: Int) throws -> [Double]? {
        guard FileManager.default.fileExists(atPath: trace.path) else { return nil }
        let log = try TrainingLog(contentsOf: trace)
        guard let threshold = log.features.firstIndex(where: { $0.name == "threshold" }),
              let cost = log.features.firstIndex(where: { $0.name == "cost_estimate" }),
              log.contexts.count == 1, log.contexts[0].observationCount == count else { return nil }
        let context = log.contexts[0]
        return (0..<count).map {
            abs(log.scalar(threshold, observation: $0, in: context) - log.scalar(cost, observation: $0, in: context))
        }
    }

    static func change(_ size: Int, _ reference: Int) -> Double { reference == 0 ? 0 : Double(size) / Double(reference) - 1 }
}

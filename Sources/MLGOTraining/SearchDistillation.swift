import Foundation
import MLGOCompile
import MLGOCore

/// Turns a per-callsite search into training data (issue 8, distillation): every decision of
/// every module's best compile becomes a labelled row, with the features LLVM computed at that
/// callsite in that compile. The features come from replaying the best decisions once with a
/// trace; the decision order of the trace and of the plugin's record is the same, so each row
/// knows its callsite key. A row's weight is 1 plus the bytes its kept flip saved (a flip kept
/// together with others shares the step's bytes), so the decisions that matter count most.
public enum SearchDistillation {
    public struct Labelled: Sendable {
        public var dataset: DecisionDataset
        /// Rows whose label departs from LLVM's decision.
        public var departures: Int
        public var modulesLeftOut: [String: String]
    }

    public static func dataset(from run: CallsiteSearchRun, records: [CallsiteSearchRun.ModuleRecord],
                               includingPluginFeatures: Bool = false, includingHeuristicDecision: Bool) throws -> Labelled {
        let byName = Dictionary(run.modules.map { ($0.name, $0) }) { a, _ in a }
        let work = run.folder.appendingPathComponent(".scratch/distil")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let results = WorkerPool.map(records, jobs: run.jobs) { record -> DecisionDataset? in
            guard let module = byName[record.name] else { throw MLGOError.unavailable(record.name, "module not in the given corpora") }
            let token = UUID().uuidString
            let trace = work.appendingPathComponent("\(token).log")
            let recorded = work.appendingPathComponent("\(token).record")
            defer { for file in [trace, recorded] { try? FileManager.default.removeItem(at: file) } }
            let setup = InliningSetup(mode: .train, trace: trace, decisions: run.decisionsFile(for: module), record: recorded)
            let outcome = try run.compiler.compiling(module).compile(bitcode: module.bitcode, setup: setup, scratch: work)
            guard outcome.textSize == record.search.bestSize else {
                throw MLGOError.commandFailed("replay of \(record.name)", "gave \(outcome.textSize) bytes, not the searched \(record.search.bestSize)")
            }
            guard FileManager.default.fileExists(atPath: trace.path) else { return nil }
            var log = try TrainingLog(contentsOf: trace)
            if log.contexts.count == 1 { log.contexts[0].name = record.name }
            var rows = try DecisionDataset(logs: [log], includingPluginFeatures: includingPluginFeatures,
                                           includingHeuristicDecision: includingHeuristicDecision)
            let keys = try InliningDecisions(contentsOf: recorded).onlyModule?.decisions.map(\.key) ?? []
            guard keys.count == rows.count else {
                throw MLGOError.malformed(record.name, "the trace has \(rows.count) decisions and the record \(keys.count)")
            }
            var worth: [InliningDecisions.CallsiteKey: Float] = [:]
            for flip in record.search.forced { worth[flip.key, default: 0] += Float(flip.gain) / Float(max(flip.together, 1)) }
            rows.weights = keys.map { 1 + (worth[$0] ?? 0) }
            return rows
        }
        try run.compiler.backend.checkAvailable()
        var dataset: DecisionDataset?
        var leftOut: [String: String] = [:]
        for (record, result) in zip(records, results) {
            switch result {
            case .success(let rows?): if dataset == nil { dataset = rows } else { dataset!.append(rows) }
            case .success(nil): continue
            case .failure(let error): leftOut[record.name] = "\(error)"
            }
        }
        guard let dataset else { throw MLGOError.invalidArgument("no searched module could be replayed") }
        let departures = zip(dataset.decisions, dataset.defaultDecisions).filter { $0 != $1 }.count
        return Labelled(dataset: dataset, departures: departures, modulesLeftOut: leftOut)
    }
}

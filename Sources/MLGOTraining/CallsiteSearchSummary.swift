import Foundation
import MLGOCore

/// The headroom a per-callsite search found, per corpus and in total: the ceiling every
/// inlining policy is judged against (issue 8), next to the best `-inline-threshold` per module.
public struct CallsiteSearchSummary: Codable, Sendable {
    public struct Group: Codable, Sendable {
        public var name: String
        public var modules: Int
        public var heuristicSize: Int
        public var searchedSize: Int
        /// Total change of the search's best against the heuristic.
        public var change: Double
        /// Per-module change, nearest-rank percentiles.
        public var p5: Double
        public var p50: Double
        public var p95: Double
        public var improvedModules: Int
        /// Kept flips that stop an inlining (inline → not) and that add one (not → inline).
        public var flipsToNoInline: Int
        public var flipsToInline: Int
        public var compiles: Int
        public var decisions: Int
        /// Total with each module's best `-inline-threshold` (nil when none were tried).
        public var bestThresholdSize: Int?
        public var bestThresholdChange: Double?
    }

    public var groups: [Group]
    public var total: Group

    public init(records: [CallsiteSearchRun.ModuleRecord]) {
        let corpora = Array(Set(records.map(\.corpus))).sorted()
        groups = corpora.map { corpus in Self.group(corpus, records.filter { $0.corpus == corpus }) }
        total = Self.group("total", records)
    }

    static func group(_ name: String, _ records: [CallsiteSearchRun.ModuleRecord]) -> Group {
        let heuristic = records.reduce(0) { $0 + $1.heuristicSize }
        let searched = records.reduce(0) { $0 + min($1.search.bestSize, $1.heuristicSize) }
        let changes = records.map { CallsiteSearchRun.change(min($0.search.bestSize, $0.heuristicSize), $0.heuristicSize) }
        let flips = records.flatMap(\.search.forced)
        let thresholds = records.compactMap(\.bestThresholdSize)
        let thresholdTotal = thresholds.count == records.count && !records.isEmpty ? thresholds.reduce(0, +) : nil
        return Group(name: name, modules: records.count, heuristicSize: heuristic, searchedSize: searched,
                     change: CallsiteSearchRun.change(searched, heuristic),
                     p5: Statistics.percentile(changes, 5), p50: Statistics.percentile(changes, 50),
                     p95: Statistics.percentile(changes, 95),
                     improvedModules: changes.filter { $0 < 0 }.count,
                     flipsToNoInline: flips.filter { !$0.taken }.count, flipsToInline: flips.filter(\.taken).count,
                     compiles: records.reduce(0) { $0 + $1.search.compiles },
                     decisions: records.reduce(0) { $0 + $1.search.decisionCount },
                     bestThresholdSize: thresholdTotal,
                     bestThresholdChange: thresholdTotal.map { CallsiteSearchRun.change($0, heuristic) })
    }

    public func markdown() -> String {
        var out = """
        | corpus | modules | decisions | heuristic `.text` | searched `.text` | change | p5 / p50 / p95 | improved | kept flips (→ no / → yes) | compiles | best threshold per module |
        |---|---|---|---|---|---|---|---|---|---|---|

        """
        for group in groups + [total] {
            let threshold = group.bestThresholdChange.map { String(format: "%+.2f%%", $0 * 100) } ?? "—"
            out += String(format: "| %@ | %d | %d | %d | %d | %+.2f%% | %+.2f / %+.2f / %+.2f%% | %d | %d / %d | %d | %@ |\n",
                          group.name, group.modules, group.decisions, group.heuristicSize, group.searchedSize,
                          group.change * 100, group.p5 * 100, group.p50 * 100, group.p95 * 100, group.improvedModules,
                          group.flipsToNoInline, group.flipsToInline, group.compiles, threshold)
        }
        return out
    }

    public func write(json: URL, markdown markdownFile: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(self).write(to: json, options: .atomic)
        try Data(markdown().utf8).write(to: markdownFile, options: .atomic)
    }
}

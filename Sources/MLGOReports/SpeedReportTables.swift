import Foundation
import MLGOBenchmarks

/// The speed report's tables, as rows of cells, so Markdown and HTML show the same numbers.
extension SpeedReport {
    static func percent(_ value: Double?, digits: Int = 2) -> String {
        value.map { String(format: "%+.\(digits)f%%", $0 * 100) } ?? "–"
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 10 ? String(format: "%.3f s", value) : String(format: "%.1f s", value)
    }

    static func wall(_ change: WallTimeChange?) -> String {
        guard let change else { return "–" }
        return String(format: "%+.2f%% [%+.2f%%, %+.2f%%], n=%d", change.change * 100, change.lower * 100, change.upper * 100,
                      change.repetitions)
    }

    static func verdict(_ change: SpeedChange) -> String {
        guard let wall = change.wallTime else { return "" }
        if change.identicalPrograms == true { return wall.significant ? "noise (identical programs)" : "no change (identical programs)" }
        return wall.significant ? (wall.change > 0 ? "slower" : "faster") : "no change"
    }

    /// Per configuration: geometric means over the benchmarks.
    var summaryTable: (header: [String], rows: [[String]]) {
        (["configuration", "flags", "vs", "benchmarks", "identical programs", ".text", "instructions", "data reads", "data writes", "wall time",
          "wall: slower / faster (95%)"],
         summaries.map { summary in
             [summary.configuration.name, "`\(Self.displayFlags(summary.configuration))`", summary.configuration.baseline,
              String(summary.benchmarks), String(summary.identicalPrograms), Self.percent(summary.textChange), Self.percent(summary.instructionsChange, digits: 3),
              Self.percent(summary.dataReadsChange, digits: 3), Self.percent(summary.dataWritesChange, digits: 3),
              Self.percent(summary.wallChange), "\(summary.significantlySlower) / \(summary.significantlyFaster)"]
         })
    }

    /// Per benchmark and non-stock configuration: its changes against its baseline.
    var changeTable: (header: [String], rows: [[String]]) {
        (["benchmark", "configuration", "vs", "programs", ".text", "instructions", "data reads", "data writes",
          "wall median (vs → config)", "wall change [95% interval], n", ""],
         benchmarks.flatMap { benchmark in
             benchmark.changes.map { change in
                 [benchmark.name, change.configuration, change.baseline,
                  change.identicalPrograms.map { $0 ? "identical" : "differ" } ?? "–", Self.percent(change.textChange),
                  Self.percent(change.instructionsChange, digits: 3), Self.percent(change.dataReadsChange, digits: 3),
                  Self.percent(change.dataWritesChange, digits: 3),
                  change.wallTime.map { "\(Self.seconds($0.baselineMedian)) → \(Self.seconds($0.configurationMedian))" } ?? "–",
                  Self.wall(change.wallTime), Self.verdict(change)]
             }
         })
    }

    /// Per benchmark and configuration: the measured values themselves.
    var measurementTable: (header: [String], rows: [[String]]) {
        (["benchmark", "configuration", ".text bytes", "instructions", "data reads", "data writes", "callgrind runs",
          "under callgrind", "native median", "build"],
         benchmarks.flatMap { benchmark in
             benchmark.results.map { result in
                 let counts = result.counts
                 var repeats = String(result.callgrind.count)
                 if let same = result.countsRepeat, let spread = result.instructionSpread, let counts {
                     repeats += same ? ", identical" : spread == 0 ? ", Ir identical, other counts differ"
                         : String(format: ", Ir differ by %@ (%.1e)", Self.grouped(spread), Double(spread) / Double(counts.instructions))
                 }
                 let build = result.build.map { $0.cached ? "\(Self.seconds($0.seconds)), cached" : Self.seconds($0.seconds) } ?? "failed"
                 return [benchmark.name, result.configuration, result.textBytes.map(Self.grouped) ?? "–",
                         counts.map { Self.grouped($0.instructions) } ?? "–", counts.map { Self.grouped($0.dataReads) } ?? "–",
                         counts.map { Self.grouped($0.dataWrites) } ?? "–", repeats,
                         Self.seconds(result.callgrindSeconds.first), Self.seconds(result.wallMedian), build]
             }
         })
    }

    /// What each benchmark runs.
    var benchmarkTable: (header: [String], rows: [[String]]) {
        (["benchmark", "exercises", "command"],
         benchmarks.map { [$0.name, $0.recipe.summary, "`\($0.recipe.command)`"] })
    }

    /// Failed builds and runs, and output mismatches (which come first: they are correctness
    /// failures).
    var problemLines: [String] {
        mismatches.map { "**CORRECTNESS FAILURE**: \($0.benchmark) under \($0.result.configuration): \($0.result.failure ?? "outputs differ")" }
            + failures.map { "failed: \($0)" }
    }

    /// A configuration's flags and `MLGO_OPTIONS`, with the plugin's path shortened to its file
    /// name and policy paths to their place in the repository.
    public static func displayFlags(_ configuration: SpeedConfiguration) -> String {
        let options = configuration.pluginOptions.isEmpty ? "" : " MLGO_OPTIONS=\"\(shortened(configuration.pluginOptions))\""
        return shortened(configuration.flags) + options
    }

    static func shortened(_ flags: [String]) -> String {
        flags.map { flag in
            guard let equals = flag.lastIndex(of: "="), flag[flag.index(after: equals)...].hasPrefix("/") else { return flag }
            let path = String(flag[flag.index(after: equals)...])
            let short = path.hasSuffix(".so") ? URL(fileURLWithPath: path).lastPathComponent : Self.repositoryRelative(path)
            return String(flag[...equals]) + short
        }.joined(separator: " ")
    }

    /// `policies/evict-prior/policy.mlgo` for a path inside a repository's policies/ folder.
    static func repositoryRelative(_ path: String) -> String {
        guard let range = path.range(of: "/policies/") else { return path }
        return "policies/" + path[range.upperBound...]
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    public func markdown() -> String {
        func table(_ content: (header: [String], rows: [[String]])) -> String {
            var out = "| " + content.header.joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: "---|", count: content.header.count) + "\n"
            for row in content.rows {
                out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "/") }.joined(separator: " | ") + " |\n"
            }
            return out
        }
        var out = "# Speed: configurations vs stock clang-22 at the same level\n\n"
        out += "Command: `\(command)`\n\n"
        out += "\(clang); \(valgrind) (callgrind, cache simulation); \(callgrindRuns) callgrind run(s) and "
        out += "\(repetitions) interleaved native runs per benchmark and configuration; "
        out += String(format: "load average %.1f at the start, %.1f at the end; %@.\n\n", loadAverageAtStart, loadAverageAtEnd, date)
        out += "Changes are against the stock build at the configuration's level (negative: smaller, fewer, faster). "
        out += "Wall time: mean ratio − 1 with its 95% t interval over paired repetitions; a change is significant only "
        out += "when the interval excludes 0, and never between byte-identical programs (\"programs: identical\"), where "
        out += "the interval shows only the machine's noise.\n\n"
        for line in problemLines { out += "- \(line)\n" }
        if !problemLines.isEmpty { out += "\n" }
        out += "## Summary (geometric mean over the benchmarks)\n\n" + table(summaryTable)
        out += "\n## Per benchmark\n\n" + table(changeTable)
        out += "\n## Measurements\n\n" + table(measurementTable)
        out += "\n## Benchmarks\n\n" + table(benchmarkTable)
        return out
    }
}

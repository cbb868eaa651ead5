import Foundation
import MLGOBenchmarks
import MLGOCore

/// One benchmark built and run under one configuration.
public struct ConfigurationResult: Codable, Sendable {
    public var configuration: String
    /// Nil when the build failed (`failure` says why).
    public var build: BenchmarkBuild?
    /// Counts of each callgrind run, in order (deterministic programs repeat them exactly).
    public var callgrind: [CallgrindCounts]
    /// Wall seconds of the callgrind runs (how long the benchmark takes under callgrind).
    public var callgrindSeconds: [Double]
    /// Wall seconds of each native run, one per repetition, in the order run (interleaved with
    /// the other configurations' runs).
    public var wallSeconds: [Double]
    /// Digests of the first run's outputs (standard output and files).
    public var outputs: [String: String]
    /// Why the build or a run failed, or how its outputs differed.
    public var failure: String?
    /// The outputs differed from the reference configuration's: a miscompile or a
    /// nondeterministic benchmark, never a speed result.
    public var outputMismatch: Bool

    public init(configuration: String) {
        self.configuration = configuration
        callgrind = []
        callgrindSeconds = []
        wallSeconds = []
        outputs = [:]
        outputMismatch = false
    }

    public var textBytes: Int? { build?.textBytes }
    /// The first callgrind run's counts.
    public var counts: CallgrindCounts? { callgrind.first }
    /// Every callgrind run gave the same counts (nil with fewer than two runs).
    public var countsRepeat: Bool? { callgrind.count > 1 ? Set(callgrind.map(\.events)).count == 1 : nil }
    /// The largest minus the smallest instruction count of the callgrind runs.
    public var instructionSpread: Int? {
        let counts = callgrind.map(\.instructions)
        guard let low = counts.min(), let high = counts.max(), counts.count > 1 else { return nil }
        return high - low
    }
    public var wallMedian: Double? { wallSeconds.isEmpty ? nil : Self.median(wallSeconds) }
    public var usable: Bool { build != nil && failure == nil && !outputMismatch }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Wall time of a configuration against its baseline from interleaved repetitions.
public struct WallTimeChange: Codable, Sendable, Equatable {
    public var baselineMedian: Double
    public var configurationMedian: Double
    /// The median of the per-repetition ratios, − 1.
    public var medianChange: Double
    /// mean(configuration) / mean(baseline) − 1, and its 95% interval (Student's t, paired
    /// repetitions: ConfidenceInterval(ratioOfMeans:paired:)).
    public var change: Double
    public var lower: Double
    public var upper: Double
    public var repetitions: Int

    /// The interval excludes 0: only then is the change called a change.
    public var significant: Bool { lower > 0 || upper < 0 }

    public init?(configuration: [Double], baseline: [Double]) {
        guard configuration.count == baseline.count,
              let interval = ConfidenceInterval(ratioOfMeans: configuration, to: baseline, paired: true) else { return nil }
        baselineMedian = ConfigurationResult.median(baseline)
        configurationMedian = ConfigurationResult.median(configuration)
        medianChange = ConfigurationResult.median(zip(configuration, baseline).map { $0 / $1 }) - 1
        change = interval.estimate - 1
        lower = interval.lower - 1
        upper = interval.upper - 1
        repetitions = configuration.count
    }
}

/// A configuration against stock clang-22 at the same level, on one benchmark. Changes are
/// ratios − 1 (negative: smaller, fewer, faster).
public struct SpeedChange: Codable, Sendable {
    public var configuration: String
    public var baseline: String
    public var textChange: Double?
    public var instructionsChange: Double?
    public var dataReadsChange: Double?
    public var dataWritesChange: Double?
    public var wallTime: WallTimeChange?
    /// The programs are byte for byte the baseline's (nil when either build is missing).
    public var identicalPrograms: Bool?

    /// The wall-time interval excludes 0 and the programs differ: byte-identical programs
    /// cannot differ in speed, so there the interval only shows the machine's noise.
    public var wallTimeSignificant: Bool { identicalPrograms != true && (wallTime?.significant ?? false) }

    init(_ result: ConfigurationResult, against baseline: ConfigurationResult) {
        configuration = result.configuration
        self.baseline = baseline.configuration
        identicalPrograms = result.build.flatMap { build in baseline.build.map { $0.programDigests == build.programDigests } }
        func change(_ value: Int?, _ reference: Int?) -> Double? {
            guard let value, let reference, reference > 0 else { return nil }
            return Double(value) / Double(reference) - 1
        }
        textChange = change(result.textBytes, baseline.textBytes)
        instructionsChange = change(result.counts?.instructions, baseline.counts?.instructions)
        dataReadsChange = change(result.counts?.dataReads, baseline.counts?.dataReads)
        dataWritesChange = change(result.counts?.dataWrites, baseline.counts?.dataWrites)
        wallTime = WallTimeChange(configuration: result.wallSeconds, baseline: baseline.wallSeconds)
    }
}

/// One benchmark under every configuration.
public struct BenchmarkReport: Codable, Sendable {
    public var recipe: BenchmarkRecipe
    public var results: [ConfigurationResult]
    /// Why the whole benchmark was skipped (its sources or inputs failed), if it was.
    public var failure: String?
    /// Each non-stock configuration against its baseline, where both were usable.
    public var changes: [SpeedChange]

    public init(recipe: BenchmarkRecipe, results: [ConfigurationResult], failure: String?, configurations: [SpeedConfiguration]) {
        self.recipe = recipe
        self.results = results
        self.failure = failure
        let byName = Dictionary(results.map { ($0.configuration, $0) }, uniquingKeysWith: { first, _ in first })
        changes = configurations.filter { !$0.isStock }.compactMap { configuration in
            guard let result = byName[configuration.name], result.usable,
                  let baseline = byName[configuration.baseline], baseline.usable else { return nil }
            return SpeedChange(result, against: baseline)
        }
    }

    public var name: String { "\(recipe.project)/\(recipe.name)" }
    public func result(_ configuration: String) -> ConfigurationResult? { results.first { $0.configuration == configuration } }
    public var mismatches: [ConfigurationResult] { results.filter(\.outputMismatch) }
    /// Failed builds and runs (not mismatches), and the benchmark's own failure.
    public var failures: [String] {
        (failure.map { ["\(name): \($0)"] } ?? [])
            + results.filter { !$0.outputMismatch && $0.failure != nil }.map { "\(name) under \($0.configuration): \($0.failure!)" }
    }
}

/// `mlgo-train report speed`: benchmark programs built under configurations, each against stock
/// clang-22 at its level: callgrind counts, wall time, `.text` (docs/speed-report.md).
public struct SpeedReport: Codable, Sendable {
    /// The command line that made the report.
    public var command: String
    public var configurations: [SpeedConfiguration]
    public var benchmarks: [BenchmarkReport]
    /// Native runs per configuration and benchmark (interleaved); callgrind runs likewise.
    public var repetitions: Int
    public var callgrindRuns: Int
    public var clang: String
    public var valgrind: String
    /// Load averages (1 minute) when the measurements started and ended: wall times on a busy
    /// machine spread wider.
    public var loadAverageAtStart: Double
    public var loadAverageAtEnd: Double
    public var date: String

    public init(command: String, configurations: [SpeedConfiguration], benchmarks: [BenchmarkReport], repetitions: Int,
                callgrindRuns: Int, clang: String, valgrind: String, loadAverageAtStart: Double, loadAverageAtEnd: Double,
                date: String) {
        self.command = command
        self.configurations = configurations
        self.benchmarks = benchmarks
        self.repetitions = repetitions
        self.callgrindRuns = callgrindRuns
        self.clang = clang
        self.valgrind = valgrind
        self.loadAverageAtStart = loadAverageAtStart
        self.loadAverageAtEnd = loadAverageAtEnd
        self.date = date
    }

    public var mismatches: [(benchmark: String, result: ConfigurationResult)] {
        benchmarks.flatMap { benchmark in benchmark.mismatches.map { (benchmark.name, $0) } }
    }
    public var failures: [String] { benchmarks.flatMap(\.failures) }

    /// Per non-stock configuration: the geometric means of its ratios over the benchmarks where
    /// it was measured.
    public var summaries: [ConfigurationSummary] {
        configurations.filter { !$0.isStock }.map { configuration in
            ConfigurationSummary(configuration: configuration,
                                 changes: benchmarks.compactMap { $0.changes.first { $0.configuration == configuration.name } })
        }
    }

    /// Benchmark × configuration pairs whose slowdown exceeds `percent`: in executed
    /// instructions when callgrind measured them, otherwise in wall time, and then only when
    /// the interval's lower end exceeds it and the programs differ from the baseline's.
    public func slowdowns(over percent: Double) -> [String] {
        benchmarks.flatMap { benchmark in
            benchmark.changes.compactMap { change -> String? in
                if let instructions = change.instructionsChange {
                    guard instructions * 100 > percent else { return nil }
                    return String(format: "%@ under %@: %+.3f%% instructions", benchmark.name, change.configuration, instructions * 100)
                }
                guard let wall = change.wallTime, change.wallTimeSignificant, wall.lower * 100 > percent else { return nil }
                return String(format: "%@ under %@: wall time %+.2f%% (95%% interval %+.2f%% to %+.2f%%)", benchmark.name,
                              change.configuration, wall.change * 100, wall.lower * 100, wall.upper * 100)
            }
        }
    }
}

/// A configuration's geometric-mean ratios over the benchmarks, − 1.
public struct ConfigurationSummary: Sendable {
    public var configuration: SpeedConfiguration
    public var benchmarks: Int
    public var textChange: Double?
    public var instructionsChange: Double?
    public var dataReadsChange: Double?
    public var dataWritesChange: Double?
    public var wallChange: Double?
    /// Benchmarks whose wall-time interval lies above / below 0 (programs identical to the
    /// baseline's not counted).
    public var significantlySlower: Int
    public var significantlyFaster: Int
    /// Benchmarks whose programs are byte for byte the baseline's.
    public var identicalPrograms: Int

    init(configuration: SpeedConfiguration, changes: [SpeedChange]) {
        self.configuration = configuration
        benchmarks = changes.count
        func geometricMean(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            guard !present.isEmpty, present.count == values.count else { return nil }
            return exp(present.reduce(0) { $0 + log1p($1) } / Double(present.count)) - 1
        }
        textChange = geometricMean(changes.map(\.textChange))
        instructionsChange = geometricMean(changes.map(\.instructionsChange))
        dataReadsChange = geometricMean(changes.map(\.dataReadsChange))
        dataWritesChange = geometricMean(changes.map(\.dataWritesChange))
        wallChange = geometricMean(changes.map { $0.wallTime?.change })
        significantlySlower = changes.filter { $0.wallTimeSignificant && ($0.wallTime?.lower ?? 0) > 0 }.count
        significantlyFaster = changes.filter { $0.wallTimeSignificant && ($0.wallTime?.upper ?? 0) < 0 }.count
        identicalPrograms = changes.filter { $0.identicalPrograms == true }.count
    }
}

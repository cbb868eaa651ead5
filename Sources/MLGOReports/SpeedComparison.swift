import Foundation
import MLGOBenchmarks
import MLGOCompile
import MLGOCore

/// How a speed report measures (the options of `mlgo-train report speed`).
public struct SpeedMeasurementPlan: Sendable {
    /// Runs under callgrind per configuration and benchmark (0: none).
    public var callgrindRuns: Int
    /// Interleaved native runs per configuration and benchmark (0: no wall time).
    public var repetitions: Int
    /// Where the Debian sources are downloaded (tools/corpus/apt-source.sh's cache).
    public var sourceCache: URL

    public init(callgrindRuns: Int, repetitions: Int, sourceCache: URL) {
        self.callgrindRuns = callgrindRuns
        self.repetitions = repetitions
        self.sourceCache = sourceCache
    }
}

/// What a long speed report is doing, for a progress line.
public struct SpeedProgress: Sendable {
    public var done: Int
    public var total: Int
    public var step: String
    /// A step worth a line in a log (a build, a callgrind run, a benchmark's timed series).
    public var notable: Bool
}

public enum SpeedComparison {
    /// Every recipe built under every configuration and run: callgrind first (one configuration
    /// after another), then the native runs interleaved (A/B, B/A, A/B, ...), after one untimed
    /// warm-up run of each. Every run's outputs are compared with the first configuration's; a difference marks
    /// that configuration's result as a mismatch and stops measuring it. A failing fetch,
    /// build or run is recorded and the rest goes on.
    public static func measure(recipes: [BenchmarkRecipe], configurations: [SpeedConfiguration], plan: SpeedMeasurementPlan,
                               builds: BenchmarkBuilds, runner: BenchmarkRunner,
                               progress: @escaping (SpeedProgress) -> Void = { _ in }) -> [BenchmarkReport] {
        let count = configurations.count
        let total = recipes.count * (2 + count * (1 + plan.callgrindRuns + (plan.repetitions > 0 ? plan.repetitions + 1 : 0)))
        var done = 0
        func step(_ text: String, notable: Bool = true) {
            progress(SpeedProgress(done: done, total: total, step: text, notable: notable))
            done += 1
        }
        return recipes.map { recipe in
            let label = "\(recipe.project)/\(recipe.name)"
            var results = configurations.map { ConfigurationResult(configuration: $0.name) }
            let sources: BenchmarkSources
            let inputs: URL
            do {
                step("\(label): fetching sources")
                let log = builds.folder.appendingPathComponent("fetch-\(recipe.project).log")
                sources = try BenchmarkSources(recipe: recipe, files: builds.driver.fetch(recipe, cache: plan.sourceCache, log: log),
                                               driver: builds.driver)
                step("\(label): making inputs")
                inputs = try builds.inputs(for: sources)
            } catch {
                done += total / recipes.count - 2
                return BenchmarkReport(recipe: recipe, results: [], failure: "\(error)", configurations: configurations)
            }
            for (index, configuration) in configurations.enumerated() {
                step("\(label): building under \(configuration.name)")
                do {
                    results[index].build = try builds.build(sources, configuration: configuration)
                } catch {
                    results[index].failure = "\(error)"
                }
            }
            var reference: (configuration: String, outputs: [String: String])?
            /// Runs configuration `index` once; false when it failed or its outputs differ.
            func measure(_ index: Int, callgrind: Bool, counted: Bool) -> Bool {
                guard results[index].usable, let build = results[index].build else { return false }
                let outcome: BenchmarkRunOutcome
                do {
                    outcome = try runner.run(recipe, build: build, inputs: inputs, callgrind: callgrind)
                } catch {
                    results[index].failure = "\(error)"
                    return false
                }
                if let failure = outcome.failure {
                    results[index].failure = (callgrind ? "under callgrind: " : "") + failure
                    return false
                }
                if let reference, reference.outputs != outcome.outputs {
                    let differing = Set(reference.outputs.keys).union(outcome.outputs.keys)
                        .filter { reference.outputs[$0] != outcome.outputs[$0] }.sorted()
                    results[index].outputMismatch = true
                    results[index].failure = "outputs differ from \(reference.configuration)'s: \(differing.joined(separator: ", "))"
                        + " (standard output kept in \(runner.folder.path)/stdout.<configuration>)"
                    return false
                }
                if reference == nil { reference = (configurations[index].name, outcome.outputs) }
                if results[index].outputs.isEmpty { results[index].outputs = outcome.outputs }
                guard counted else { return true }
                if callgrind, let counts = outcome.counts {
                    results[index].callgrind.append(counts)
                    results[index].callgrindSeconds.append(outcome.seconds)
                } else if !callgrind {
                    results[index].wallSeconds.append(outcome.seconds)
                }
                return true
            }
            for index in configurations.indices {
                for run in 0..<plan.callgrindRuns {
                    step("\(label): callgrind run \(run + 1) under \(configurations[index].name)")
                    _ = measure(index, callgrind: true, counted: true)
                }
            }
            if plan.repetitions > 0 {
                for index in configurations.indices {
                    step("\(label): warm-up run under \(configurations[index].name)", notable: false)
                    _ = measure(index, callgrind: false, counted: false)
                }
                for repetition in 0..<plan.repetitions {
                    // A/B, then B/A: a configuration does not always run right after the same one.
                    let order = repetition % 2 == 0 ? Array(configurations.indices) : configurations.indices.reversed()
                    for index in order {
                        step("\(label): timed run \(repetition + 1)/\(plan.repetitions) under \(configurations[index].name)",
                             notable: repetition == 0 && index == order[0])
                        _ = measure(index, callgrind: false, counted: true)
                    }
                }
                // A configuration that failed part-way has fewer repetitions than the others:
                // its wall times no longer pair with its baseline's.
                for index in results.indices where !results[index].usable { results[index].wallSeconds = [] }
            }
            return BenchmarkReport(recipe: recipe, results: results, failure: nil, configurations: configurations)
        }
    }

    /// The configurations given, each preceded by its stock baseline when that was not given
    /// before it; duplicates are an error.
    public static func withBaselines(_ configurations: [SpeedConfiguration]) throws -> [SpeedConfiguration] {
        var ordered: [SpeedConfiguration] = []
        func add(_ configuration: SpeedConfiguration) {
            if !ordered.contains(where: { $0.name == configuration.name }) { ordered.append(configuration) }
        }
        for (index, configuration) in configurations.enumerated() {
            if configurations[..<index].contains(where: { $0.name == configuration.name }) {
                throw MLGOError.invalidArgument("--config \(configuration.name) is given twice")
            }
            if !configuration.isStock { add(.stock(level: configuration.level)) }
            add(configuration)
        }
        return ordered
    }
}

import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Compile corpora with the plugin in train mode and keep one trace per module.",
        discussion: """
        Without --policy the decisions are LLVM's heuristic (traces for behaviour cloning). \
        --problem eviction compiles -O2 corpora with llc-22; its traces also record LLVM's \
        default advisor's choice (llvm_index_to_evict) at every decision.
        """)

    @Option(help: "inlining or eviction.") var problem: Problem = .inlining
    @Option(name: .customLong("corpus"), help: "A corpus folder; repeat for several.") var corpora: [String]
    @Option(help: "Folder for traces: <output>/<corpus>/<module>.log.") var output: String
    @Option(help: "Policy file deciding instead of the heuristic.") var policy: String?
    @Option(help: "Seed for sampling and exploration.") var seed: UInt64 = 0
    @Flag(help: "Sample decisions from the policy's probability.") var sample = false
    @Option(help: "Probability of a random decision.") var exploration: Double = 0
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        guard (0...1).contains(exploration) else { throw ValidationError("--exploration must be between 0 and 1") }
    }

    func run() throws {
        let outputURL = URL(commandLinePath: output)
        let runner = try tools.runner(scratch: outputURL.appendingPathComponent(".scratch"))
        let policyURL = policy.map { URL(commandLinePath: $0) }
        if let policyURL { _ = try Policy(contentsOf: policyURL) }  // fail early on a bad file
        var failed = 0
        for path in corpora {
            let corpus = try Corpus(loadingFrom: URL(commandLinePath: path))
            let folder = outputURL.appendingPathComponent(corpus.name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if problem == .eviction {
                try requirePerModuleCorpora([corpus], for: "collect --problem eviction")
                failed += try collectEviction(corpus, into: folder, runner: runner, policy: policyURL)
                continue
            }
            let setup = InliningSetup(mode: .train, policy: policyURL, seed: seed, sample: sample,
                                      exploration: exploration)
            let runs = try runner.run(corpus, progress: progressPrinter("collect \(corpus.name)")) { module in
                var moduleSetup = setup
                moduleSetup.trace = CorpusRunner.traceURL(for: module, in: folder)
                return moduleSetup
            }
            for run in runs where run.failure != nil {
                failed += 1
                Logger.mlgoTrain.warning("failed \(corpus.name)/\(run.module): \(run.failure!)")
            }
            let traces = runs.compactMap(\.trace).count
            let text = runs.compactMap(\.outcome?.textSize).reduce(0, +)
            print("\(corpus.name): \(traces) traces, \(runs.count - traces) modules without decisions or failed, .text \(text) bytes")
        }
        try tools.printClusterTraffic()
        try? FileManager.default.removeItem(at: outputURL.appendingPathComponent(".scratch"))
        if failed > 0 { print("\(failed) modules failed (listed above); their traces are missing") }
    }

    /// Eviction traces: one per module with at least one eviction decision, each with its
    /// functions' spill costs (`<module>.spill.json`); returns the failures.
    func collectEviction(_ corpus: Corpus, into folder: URL, runner: CorpusRunner, policy: URL?) throws -> Int {
        let compiler = try tools.evictionCompiler(optimizedCache: URL(commandLinePath: output).appendingPathComponent(".optimized"))
        let setup = EvictionSetup(mode: .train, policy: policy, seed: seed, sample: sample, exploration: exploration)
        @Sendable func moduleSetup(_ module: String) -> EvictionSetup {
            var moduleSetup = setup
            moduleSetup.trace = CorpusRunner.traceURL(for: module, in: folder)
            return moduleSetup
        }
        let scratch = runner.scratch
        let runs = try runner.map(corpus, progress: progressPrinter("collect \(corpus.name)")) { module, bitcode -> EvictionOutcome in
            let trace = CorpusRunner.traceURL(for: module, in: folder)
            try? FileManager.default.removeItem(at: trace)
            let outcome = try compiler.compile(bitcode: bitcode, setup: moduleSetup(module), scratch: scratch)
            // The score of each traced machine function (its trace context), next to the trace.
            if FileManager.default.fileExists(atPath: trace.path) {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try encoder.encode(outcome.functions).write(to: EvictionCompiler.scoresURL(forTrace: trace), options: .atomic)
            }
            return outcome
        }
        var failed = 0
        for run in runs where run.failure != nil {
            failed += 1
            Logger.mlgoTrain.warning("failed \(corpus.name)/\(run.module): \(run.failure!)")
        }
        let traces = runs.filter { FileManager.default.fileExists(atPath: CorpusRunner.traceURL(for: $0.module, in: folder).path) }.count
        let cost = runs.compactMap(\.outcome?.total.weighted).reduce(0, +)
        print("\(corpus.name): \(traces) eviction traces, \(runs.count - traces) modules without decisions or failed, weighted spill cost \(String(format: "%.1f", cost))")
        return failed
    }
}

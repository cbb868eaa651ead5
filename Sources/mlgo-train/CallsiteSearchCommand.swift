import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

struct CallsiteSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search decisions one by one against LLVM's: inlining callsites for smaller code, or eviction decisions for less spill code.",
        discussion: """
        For every module: compile once from the start (LLVM's heuristic, or --policy) and once per \
        --thresholds value and with no inlining; from the smallest of these, flip one \
        decision at a time (nearest LLVM's cost boundary first), combine the flips that shrink .text, \
        try one callee's callsites together and the callers along a winning call chain, and refine, \
        within --budget compiles per module. Results per module go to OUTPUT/results.jsonl as they are \
        found and the best decisions to OUTPUT/decisions/ (replay them with -mlgo-inline-decisions); \
        OUTPUT/summary.md has the headroom per corpus. --resume continues a killed run; the same \
        corpus, options and LLVM give the same results.

        --problem eviction (-O2 corpora): per module, LLVM's allocation once (its trace goes to \
        OUTPUT/traces/), then --rounds compiles, each forcing one untried decision of every machine \
        function to another valid slot (-mlgo-evict-decisions), LLVM deciding the rest; every trial's \
        function cost goes to OUTPUT/results.jsonl. Learn from them with train bc --problem eviction \
        --searched OUTPUT.
        """)

    @Option(help: "inlining or eviction.") var problem: Problem = .inlining
    @Option(help: "Eviction: forcing compiles per module after LLVM's (each tries one departure in every function).") var rounds = 4
    @Option(help: "Eviction: seed of the order in which departures are tried.") var seed: UInt64 = 1

    @Option(name: .customLong("corpus"), help: "A corpus to search; repeat for several.") var corpora: [String]
    @Option(help: "Run folder.") var output: String
    @Option(help: "Start from this policy's decisions instead of LLVM's heuristic.") var policy: String?
    @Option(help: "Compiles per module at most, the start included.") var budget = 120
    @Option(help: "Callees tried as a group (all callsites inlined, or none) per module at most.") var groupLimit = 24
    @Option(help: "-inline-threshold values tried first as global moves (LLVM deciding), comma-separated; empty for none.")
    var thresholds = "-50,-20,0,15,40,100"
    @Option(help: "Search only every N-th module (a sample; 1 = all).") var every = 1
    @Flag(help: "Continue the run in --output.") var resume = false
    @OptionGroup var tools: ToolOptions

    var parsedThresholds: [Int]? {
        let values = thresholds.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return values.contains(nil) ? nil : values.compactMap { $0 }
    }

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        guard budget >= 1, groupLimit >= 0, every >= 1 else {
            throw ValidationError("--budget and --every must be at least 1, --group-limit at least 0")
        }
        guard parsedThresholds != nil else { throw ValidationError("--thresholds must be integers, comma-separated") }
        if problem == .eviction {
            guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
            guard policy == nil else { throw ValidationError("--problem eviction searches from LLVM's allocation; --policy is for inlining") }
        }
    }

    func run() throws {
        let loaded = try loadCorpora(corpora)
        let all = TrainingModule.all(in: loaded)
        let modules = all.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        if problem == .eviction {
            try requirePerModuleCorpora(loaded, for: "search --problem eviction")
            return try runEviction(modules)
        }
        var settings = CallsiteSearchRun.Settings()
        settings.search.budget = budget
        settings.search.groupLimit = groupLimit
        settings.start = policy.map { .policyFile(URL(commandLinePath: $0).path) } ?? .heuristic
        settings.search.thresholds = parsedThresholds!
        let folder = URL(commandLinePath: output)
        let compiler = try tools.moduleCompiler(objectSizes: ObjectSizeCache())  // each module compiles in its corpus's phase
        let run = CallsiteSearchRun(settings: settings, modules: modules, compiler: compiler, jobs: try tools.parallelCompiles(), folder: folder)
        let started = Date()
        Logger.mlgoTrain.info("searching \(modules.count) modules, at most \(budget) compiles each")
        let records = try run.run(resume: resume, logger: .mlgoTrain)
        let summary = CallsiteSearchSummary(records: records)
        print(summary.markdown())
        try tools.printClusterTraffic()
        print(String(format: "done in %.0f s; %@ holds results.jsonl, decisions/ and summary.md", Date().timeIntervalSince(started), folder.path))
    }

    func runEviction(_ modules: [TrainingModule]) throws {
        var settings = EvictionDecisionSearchRun.Settings()
        settings.rounds = rounds
        settings.seed = seed
        let folder = URL(commandLinePath: output)
        let compiler = try tools.evictionCompiler(optimizedCache: folder.appendingPathComponent(".optimized"))
        let run = EvictionDecisionSearchRun(settings: settings, modules: modules, compiler: compiler, jobs: try tools.parallelCompiles(),
                                            folder: folder)
        let started = Date()
        Logger.mlgoTrain.info("searching the eviction decisions of \(modules.count) modules, \(rounds) rounds each")
        let records = try run.run(resume: resume, logger: .mlgoTrain)
        print(EvictionDecisionSearchRun.summary(records))
        try tools.printClusterTraffic()
        print(String(format: "done in %.0f s; %@ holds results.jsonl, traces/ and summary.md", Date().timeIntervalSince(started), folder.path))
    }
}

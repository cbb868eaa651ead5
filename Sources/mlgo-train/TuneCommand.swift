import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Tune inlining or eviction for your own project: search its decisions once, replay them in every build.",
        discussion: """
        Inlining (the default): runs the per-callsite search (mlgo-train search) on the corpus of your project, starting from \
        the policy in the plugin (or --policy), and writes OUTPUT/tuned.decisions: every module's best \
        decisions, by source file and callsite key. Replay them with \
        `clang-22 -Oz -fpass-plugin=libMLGOPlugin.so -mllvm -mlgo-inline-decisions=OUTPUT/tuned.decisions`. \
        Callsites the file does not know, because the sources changed, are decided by the policy. \
        --resume continues a killed run.

        --problem eviction (-O2 corpora): compiles every module with llc-22 -O2 under LLVM's \
        default advisor and under the eviction policy --policy, and writes \
        OUTPUT/tuned.evict-decisions: the machine functions whose weighted spill cost is lower \
        under LLVM, which LLVM's advisor then allocates. It replays them once to check, and \
        writes OUTPUT/summary.json. Replay with `llc-22 -O2 -load-pass-plugin=libMLGOPlugin.so \
        -mlgo-evict-mode=release -mlgo-evict-policy=POLICY -mlgo-evict-decisions=OUTPUT/tuned.evict-decisions` (clang: \
        through -mllvm). Functions the file does not name are the policy's. Three llc runs a \
        module; --budget and --resume are for inlining.
        """)

    @Option(name: .customLong("corpus"), help: "The project's corpus (mlgo-train corpus extract); repeat for several.") var corpora: [String]
    @Option(help: "Run folder; tuned.decisions is written there.") var output: String
    @Option(help: "inlining or eviction.") var problem: Problem = .inlining
    @Option(help: "Start from (and fall back to) this policy file instead of the plugin's embedded policy.") var policy: String?
    @Option(help: "Compiles per module at most.") var budget = 120
    @Flag(help: "Continue the run in --output.") var resume = false
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1") }
        if problem == .eviction, policy == nil {
            throw ValidationError("--problem eviction needs --policy: the plugin embeds no eviction policy (its eviction default is LLVM's advisor)")
        }
        if problem == .eviction, resume { throw ValidationError("--problem eviction compiles each module three times and keeps no run to resume; drop --resume") }
    }

    func run() throws {
        if problem == .eviction { return try runEviction() }
        let modules = TrainingModule.all(in: try loadCorpora(corpora))
        var settings = CallsiteSearchRun.Settings()
        settings.search.budget = budget
        settings.start = policy.map { .policyFile(URL(commandLinePath: $0).path) } ?? .embeddedPolicy
        let folder = URL(commandLinePath: output)
        let compiler = try tools.moduleCompiler(objectSizes: ObjectSizeCache())  // each module compiles in its corpus's phase
        let search = CallsiteSearchRun(settings: settings, modules: modules, compiler: compiler, jobs: try tools.parallelCompiles(), folder: folder)
        let records = try search.run(resume: resume, logger: .mlgoTrain)
        let (decisions, leftOut) = try search.mergedDecisions(records)
        let file = folder.appendingPathComponent("tuned.decisions")
        try decisions.write(to: file)
        for module in leftOut { Logger.mlgoTrain.warning("\(module): shares its source file name with another module; left out of tuned.decisions") }
        let start = records.reduce(0) { $0 + $1.search.startSize }
        let best = records.reduce(0) { $0 + $1.search.bestSize }
        print(String(format: "%d modules: .text %d -> %d bytes (%+.2f%%) against the %@", records.count, start, best,
                     (Double(best) / Double(max(start, 1)) - 1) * 100, policy == nil ? "embedded policy" : "policy"))
        print("tuned decisions: \(file.path)")
        print("use: clang-22 -Oz -fpass-plugin=\(try tools.toolchain().plugin) -mllvm -mlgo-inline-decisions=\(file.path) ...")
    }
}

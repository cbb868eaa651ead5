import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

struct BaselinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baselines",
        abstract: "Compile LLVM's heuristic .text of every module into a baseline cache.",
        discussion: """
        Training runs read heuristic baselines from a cache keyed by module content, LLVM version \
        and pipeline. Filling it first, with every core, lets several runs share it (each run would \
        otherwise compile the missing baselines itself).
        """)

    @Option(name: .customLong("corpus"), help: "A corpus folder; repeat for several.") var corpora: [String]
    @Option(help: "Baseline cache file (created or extended).") var cache: String
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
    }

    func run() throws {
        let cacheURL = URL(commandLinePath: cache)
        let scratch = cacheURL.deletingLastPathComponent().appendingPathComponent(".baselines-scratch-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let loaded = try loadCorpora(corpora)
        let evaluator = SizeRewardEvaluator(
            compiler: try tools.moduleCompiler(for: loaded), jobs: try tools.parallelCompiles(),
            scratch: scratch, cache: BaselineCache(file: cacheURL, logger: .mlgoTrain))
        let modules = TrainingModule.all(in: loaded)
        let (sizes, failures) = try evaluator.baselines(modules)
        for (module, reason) in failures.sorted(by: { $0.key < $1.key }) { Logger.mlgoTrain.warning("no baseline for \(module): \(reason)") }
        print("\(sizes.count) of \(modules.count) modules have a baseline in \(cacheURL.path)")
    }
}

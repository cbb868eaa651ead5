import ArgumentParser
import Foundation
import MLGOCompile
import MLGOCore
import MLGOTraining

struct TrajectorySearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Improve a policy for code size by searching trajectories and cloning the best.",
        discussion: """
        Each iteration compiles every training module once with the policy's greedy decisions and \
        once per --perturbations entry: sample:F samples decisions with the output layer scaled by F \
        (softer), shift:L shifts every logit by L (negative: inline less). It keeps for each module \
        the trace of the smallest .text ever reached, and behaviour-clones a \
        new policy on the decisions of those best trajectories. Held-out modules are evaluated \
        after every iteration; the best policy on them is kept as best.mlgo. The run folder holds \
        checkpoint.json (after every round), metrics.jsonl, best-trajectories/, policy.mlgo and \
        best.mlgo; --resume continues a killed run from its last finished round.
        """)

    @Option(help: "Search-and-clone iterations.") var iterations = 2
    @Option(help: "One search round per entry, comma-separated: sample:F (output layer scaled by F, sampled) or shift:L (logits shifted by L, greedy).")
    var perturbations = "shift:-20,sample:0.05"
    @Option(help: "Behaviour-cloning epochs per iteration.") var epochs = 30
    @Flag(help: "Clone with LLVM's heuristic decision as an input (the policy learns where to depart from it).")
    var heuristicInput = false
    @Flag(help: "Clone with the plugin's own inlining features too (docs/trace-format.md).")
    var pluginFeatures = false

    @OptionGroup var common: TrainingRunOptions

    var parsedPerturbations: [TrajectorySearchRun.Perturbation]? {
        let values = perturbations.split(separator: ",").map { TrajectorySearchRun.Perturbation(String($0)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
        return values.map { $0! }
    }

    func validate() throws {
        guard iterations > 0, epochs > 0 else { throw ValidationError("--iterations and --epochs must be positive") }
        guard parsedPerturbations != nil else {
            throw ValidationError("--perturbations must be entries like sample:0.05 or shift:-20, comma-separated")
        }
    }

    func run() throws {
        let (setup, initial) = try common.prepare()
        var settings = TrajectorySearchRun.Settings()
        settings.iterations = iterations
        settings.perturbations = parsedPerturbations!
        settings.epochs = epochs
        settings.seed = common.seed
        settings.heuristicInput = heuristicInput
        settings.pluginFeatures = pluginFeatures
        let trainer = TrajectorySearchRun(settings: settings, setup: setup)
        try common.execute { logger in _ = try trainer.run(initial: initial, resume: common.resume, logger: logger) }
    }
}

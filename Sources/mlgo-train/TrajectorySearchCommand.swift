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
        --rounds times with decisions sampled from it at softened temperatures (--output-scales), \
        keeps for each module the trace of the smallest .text ever reached, and behaviour-clones a \
        new policy on the decisions of those best trajectories. Held-out modules are evaluated \
        after every iteration; the best policy on them is kept as best.mlgo. The run folder holds \
        checkpoint.json (after every round), metrics.jsonl, best-trajectories/, policy.mlgo and \
        best.mlgo; --resume continues a killed run from its last finished round.
        """)

    @Option(help: "Search-and-clone iterations.") var iterations = 2
    @Option(help: "Sampled compiles of every training module per iteration.") var rounds = 4
    @Option(help: "Output-layer factors the sampling rounds cycle through, comma-separated.")
    var outputScales = "0.1,0.05,0.03"
    @Option(help: "Behaviour-cloning epochs per iteration.") var epochs = 30

    @OptionGroup var common: SizeTrainingOptions

    var scales: [Float]? {
        let values = outputScales.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.map { $0! }
    }

    func validate() throws {
        guard iterations > 0, rounds > 0, epochs > 0 else {
            throw ValidationError("--iterations, --rounds and --epochs must be positive")
        }
        guard scales != nil else { throw ValidationError("--output-scales must be positive numbers like 0.1,0.05") }
    }

    func run() throws {
        let (setup, initial) = try common.prepare()
        var settings = TrajectorySearchRun.Settings()
        settings.iterations = iterations
        settings.roundsPerIteration = rounds
        settings.outputScales = scales!
        settings.epochs = epochs
        settings.seed = common.seed
        let trainer = TrajectorySearchRun(settings: settings, setup: setup)
        try common.execute { log in _ = try trainer.run(initial: initial, resume: common.resume, log: log) }
    }
}

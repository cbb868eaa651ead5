import ArgumentParser

@main
struct MLGOTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlgo-train",
        abstract: "Build corpora, collect inlining traces, train, export and evaluate MLGO policies.",
        subcommands: [CorpusCommand.self, CollectCommand.self, TrainCommand.self, ExportCommand.self,
                      CallsiteSearchCommand.self, TuneCommand.self, ReportCommand.self, BaselinesCommand.self]
    )
}

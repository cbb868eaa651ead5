import ArgumentParser
import Logging

@main
struct MLGOTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlgo-train",
        abstract: "Build corpora, collect inlining traces, train, export and evaluate MLGO policies.",
        subcommands: [CorpusCommand.self, CollectCommand.self, TrainCommand.self, ExportCommand.self,
                      CallsiteSearchCommand.self, TuneCommand.self, ReportCommand.self, BaselinesCommand.self,
                      MarginCommand.self]
    )

    /// Diagnostics go to standard error through swift-log (StandardErrorLogHandler), before any
    /// command makes a logger.
    static func main() {
        LoggingSystem.bootstrap(StandardErrorLogHandler.init)
        main(nil)
    }
}

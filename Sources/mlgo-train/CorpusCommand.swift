import ArgumentParser
import Foundation
import Logging
import MLGOCorpus

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus", abstract: "Build corpora of modules.", subcommands: [Build.self, CorpusExtractCommand.self, CorpusStatsCommand.self,
                                                         CorpusValidateCommand.self, CorpusManifestCommand.self, CorpusLTOCommand.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a corpus from a folder of C sources (one module per .c file).")

        @Option(help: "Folder of .c files.") var sources: String
        @Option(help: "Corpus folder to write (ml-compiler-opt layout).") var output: String
        @Option(help: "Optimisation level the bitcode is made for (Oz for inlining, O2 for eviction).")
        var optLevel = "Oz"
        @OptionGroup var tools: ToolOptions

        func validate() throws {
            guard ["O0", "O1", "O2", "O3", "Os", "Oz"].contains(optLevel) else {
                throw ValidationError("--opt-level must be one of O0, O1, O2, O3, Os, Oz")
            }
        }

        func run() throws {
            try tools.refuseCluster("corpus build compiles sources with clang on this machine")
            let builder = SourceCorpusBuilder(toolchain: try tools.toolchain(), flags: ["-std=c11", "-\(optLevel)"],
                                              jobs: tools.jobs)
            let (corpus, failures) = try builder.build(sources: URL(commandLinePath: sources),
                                                       output: URL(commandLinePath: output))
            for failure in failures { Logger.mlgoTrain.warning("skipped \(failure.source): \(failure.reason)") }
            print("corpus \(corpus.root.path): \(corpus.modules.count) modules, \(failures.count) failed")
        }
    }
}

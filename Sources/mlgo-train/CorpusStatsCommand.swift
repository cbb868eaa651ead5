import ArgumentParser
import Foundation
import MLGOCore
import MLGOCorpus

struct CorpusStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count modules, functions, callsites, bitcode bytes and -Oz .text bytes of a corpus.")

    @Argument(help: "Corpus folder.") var corpus: String
    @Flag(help: "Skip the -Oz compile (no .text sizes; much faster).") var noText = false
    @Flag(help: "Print one line per module.") var perModule = false
    @Option(help: "Also write the statistics as JSON to this file.") var json: String?
    @OptionGroup var options: CorpusToolOptions

    func run() throws {
        let loaded = try Corpus(loadingFrom: URL(commandLinePath: corpus))
        let scratch = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let statistics = CorpusStatistics.measure(loaded, tools: try options.tools(), measureText: !noText,
                                                  jobs: options.jobs, timeout: options.timeout, scratch: scratch,
                                                  progress: progressPrinter("stats"))
        if perModule {
            for module in statistics.modules {
                print("\(module.module)\tfunctions \(module.functions)\tcallsites \(module.callsites)"
                      + "\tbitcode \(module.bitcodeBytes)" + (module.textBytesOz.map { "\ttext-Oz \($0)" } ?? ""))
            }
        }
        reportFailures(statistics.failures, verb: "not measured")
        print("modules: \(statistics.modules.count)")
        print("functions: \(statistics.functions)")
        print("callsites: \(statistics.callsites)")
        print("bitcode bytes: \(statistics.bitcodeBytes)")
        if let text = statistics.textBytesOz { print(".text bytes at -Oz: \(text)") }
        if !statistics.failures.isEmpty { print("failed: \(statistics.failures.count)") }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(statistics).write(to: URL(commandLinePath: json), options: .atomic)
        }
        if !statistics.failures.isEmpty { throw ExitCode(1) }
    }
}

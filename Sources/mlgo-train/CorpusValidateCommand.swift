import ArgumentParser
import Foundation
import MLGOCore
import MLGOCorpus

struct CorpusValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that every module compiles with its recorded command; exit 1 if any fails.")

    @Argument(help: "Corpus folder.") var corpus: String
    @OptionGroup var options: CorpusToolOptions

    func run() throws {
        let loaded = try Corpus(loadingFrom: URL(commandLinePath: corpus))
        let scratch = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let failures = try CorpusValidator(clang: try options.tools().clang, jobs: options.jobs, timeout: options.timeout)
            .validate(loaded, scratch: scratch, progress: progressPrinter("validate"))
        reportFailures(failures, verb: "invalid")
        print("\(loaded.modules.count - failures.count) of \(loaded.modules.count) modules compile with their recorded command")
        if !failures.isEmpty { throw ExitCode(1) }
    }
}

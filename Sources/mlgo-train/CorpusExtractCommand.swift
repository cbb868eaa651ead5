import ArgumentParser
import Foundation
import Logging
import MLGOCore
import MLGOCorpus

struct CorpusExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract a corpus (ml-compiler-opt layout) from a build.",
        discussion: """
            Give exactly one input: a compile_commands.json to replay with clang-22 (pre-optimisation \
            bitcode), a folder of objects built with -Xclang -fembed-bitcode=all, or a folder of .bc \
            files. Identical modules are kept once; failed modules are reported and the others kept. \
            Running again into the same --output resumes: finished modules are not redone.
            """)

    @Option(help: "A compile_commands.json to replay.") var compileCommands: String?
    @Option(help: "Folder of objects with embedded bitcode (.llvmbc/.llvmcmd).") var objects: String?
    @Option(help: "Folder of .bc files (with optional sibling .cmd files).") var bitcode: String?
    @Option(help: "Corpus folder to write.") var output: String
    @Option(help: "Build folder module names are relative to (default: the database's folder).")
    var buildDir: String?
    @Option(help: "Replace the recorded -O level, e.g. Oz (needed for builds recorded at -O0).")
    var optLevel: String?
    @Option(help: "OLD=NEW path prefix map for the replayed compiles (repeatable).")
    var prefixMap: [String] = []
    @OptionGroup var options: CorpusToolOptions

    func validate() throws {
        let inputs = [compileCommands, objects, bitcode].compactMap { $0 }
        guard inputs.count == 1 else {
            throw ValidationError("give exactly one of --compile-commands, --objects, --bitcode")
        }
    }

    func run() throws {
        let outputURL = URL(commandLinePath: output)
        var skipped: [SkippedEntry] = []
        let jobs: [ExtractionJob]
        if let compileCommands {
            let source = CompileCommandSource(clang: try options.tools().clang, optimizationLevel: optLevel,
                                              prefixMaps: prefixMap, timeout: options.timeout)
            (jobs, skipped) = try source.jobs(database: URL(commandLinePath: compileCommands),
                                              buildDirectory: buildDir.map { URL(commandLinePath: $0) })
        } else if let objects {
            jobs = try EmbeddedBitcodeSource(objcopy: try options.tools().objcopy, timeout: options.timeout)
                .jobs(objectsIn: URL(commandLinePath: objects))
        } else {
            jobs = try BitcodeFolderSource.jobs(bitcodeIn: URL(commandLinePath: bitcode!))
        }
        let (corpus, report) = try CorpusExtractor(jobs: options.jobs)
            .run(jobs, output: outputURL, skipped: skipped, progress: progressPrinter("extract"))
        reportFailures(report.failures, verb: "failed")
        for duplicate in report.duplicates {
            Logger.mlgoTrain.info("duplicate \(duplicate.module): identical to \(duplicate.duplicateOf)")
        }
        print("corpus \(corpus.root.path): \(report.kept.count) modules (\(report.extracted.count) extracted, "
              + "\(report.reused.count) reused), \(report.duplicates.count) duplicates, "
              + "\(report.failures.count) failed, \(report.skipped.count) entries skipped; "
              + "details in \(ExtractionReport.fileName)")
    }
}

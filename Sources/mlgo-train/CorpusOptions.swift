import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOCorpus

/// Options of the corpus subcommands that run LLVM tools (no plugin needed).
struct CorpusToolOptions: ParsableArguments {
    @Option(help: "Parallel jobs (default: the number of cores).")
    var jobs: Int = WorkerPool.defaultJobCount

    @Option(help: "Seconds before one tool run is killed.")
    var timeout: Double = 300

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func tools() throws -> CorpusTools { try CorpusTools.locate() }
}

/// Loads the corpus folders given on the command line.
func loadCorpora(_ paths: [String]) throws -> [Corpus] {
    try paths.map { try Corpus(loadingFrom: URL(commandLinePath: $0)) }
}

/// Eviction compiles a corpus per module (`default<O2>` then llc): an LTO corpus is refused
/// rather than compiled with the wrong pipeline.
func requirePerModuleCorpora(_ corpora: [Corpus], for what: String) throws {
    if let linkTime = corpora.first(where: { $0.phase != .module }) {
        throw MLGOError.invalidArgument("\(what): \(linkTime.name) is a \(linkTime.phase.rawValue) corpus; eviction works on per-module corpora only")
    }
}

/// Prints failures one per line on standard error.
func reportFailures(_ failures: [ExtractionReport.Failure], verb: String) {
    for failure in failures {
        Logger.mlgoTrain.warning("\(verb) \(failure.module): \(failure.reason)")
    }
}

/// A scratch folder for temporary objects, removed by the caller.
func makeScratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-corpus-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

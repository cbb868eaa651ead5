import ArgumentParser
import Foundation
import MLGOCore
import MLGOCorpus

struct CorpusManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Write a corpus's manifest: module names and bitcode SHA-256 (commit-able, no bitcode).")

    @Argument(help: "Corpus folder.") var corpus: String
    @Option(help: "Project name recorded in the manifest.") var project: String
    @Option(help: "Where the sources came from (recorded in the manifest).") var source: String?
    @Option(help: "Manifest file to write (default: standard output).") var output: String?

    func run() throws {
        let loaded = try Corpus(loadingFrom: URL(commandLinePath: corpus))
        let data = try CorpusManifest(corpus: loaded, project: project, source: source).encoded()
        if let output {
            try data.write(to: URL(commandLinePath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

import ArgumentParser
import Foundation
import MLGOCore
import MLGOExport

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a policy file as C source to compile into the plugin.")

    @Option(help: "Policy file.") var policy: String
    @Option(help: "C file to write (the plugin's is Sources/EmbeddedPolicies/inline_policy.c).") var output: String

    func run() throws {
        let url = URL(commandLinePath: policy)
        let parsed = try Policy(contentsOf: url)
        let data = FileManager.default.contents(atPath: url.path) ?? Data()
        let digest = SHA256.hexDigest(data)
        let source = CExporter.source(for: parsed, provenance: "from \(policy) sha256 \(digest)")
        try Data(source.utf8).write(to: URL(commandLinePath: output), options: .atomic)
        print("exported '\(parsed.name)' (\(parsed.features.count) features, \(parsed.parameterCount) parameters) to \(output)")
    }
}

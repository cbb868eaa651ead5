import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOCorpus

struct CorpusLTOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lto",
        abstract: "Make a ThinLTO or full-LTO corpus of a project's linked programs, as lld-22 sees them.",
        discussion: """
            Pre-links each module the link targets need (clang-22 -flto[=thin] -Oz), links every \
            target with lld-22 (--save-temps), and writes what lld's LTO pipeline starts from: per \
            target and object the post-import module and its index (ml-compiler-opt's ThinLTO layout, \
            has_thinlto), or per target the whole internalized program (--kind full). The corpus gets \
            its own links.json, so report size links its programs, and lto-reference.json, lld's \
            linked .text. Then every module is compiled the way training compiles it (thinlto<O2> or \
            lto<O2>, llc -relocation-model=pic), the programs are linked, and the .text is compared \
            with lld's. Targets already in --output are kept on a re-run. With --policy the plugin \
            decides in the pre-link compiles and the link, so lto-reference.json holds that policy's \
            linked .text end to end (compare it with a build without --policy).
            """)

    @Option(help: "The per-module corpus the targets are linked from.") var corpus: String
    @Option(help: "Its links.json (default: links.json in the corpus folder).") var links: String?
    @Option(help: "thin (ThinLTO back ends) or full (whole programs).") var kind: String = "thin"
    @Option(help: "Corpus folder to write.") var output: String
    @Option(help: "Work folder for pre-link objects and links (default: OUTPUT/.work, removed at the end).") var work: String?
    @Option(help: "Level of the pre-link compiles (that of the corpus's bitcode).") var optLevel = "Oz"
    @Option(help: "Let the MLGO plugin decide in the pre-link compiles and the link with this policy file, or 'embedded' for the plugin's own (default: LLVM decides).")
    var policy: String?
    @Option(help: "The plugin library, with --policy (default: $MLGO_PLUGIN, or libMLGOPlugin.so next to this program).")
    var plugin: String?
    @OptionGroup var options: CorpusToolOptions

    func validate() throws {
        guard LTOCorpusBuilder.Kind(rawValue: kind) != nil else { throw ValidationError("--kind must be thin or full") }
    }

    func run() throws {
        let source = try Corpus(loadingFrom: URL(commandLinePath: corpus))
        guard source.phase == .module else {
            throw ValidationError("\(source.name) is a \(source.phase.rawValue) corpus already; give a per-module one")
        }
        let linksURL = links.map { URL(commandLinePath: $0) } ?? source.root.appendingPathComponent("links.json")
        let list = try LinkTargetList(contentsOf: linksURL)
        let outputURL = URL(commandLinePath: output)
        let workURL = work.map { URL(commandLinePath: $0) } ?? outputURL.appendingPathComponent(".work")
        let tools = try options.tools()
        var deciding: (library: String, options: [String])?
        var linkSetup = InliningSetup.stock
        var checkTools = tools.stockToolchain
        if let policy {
            var pluginOptions = ["-mlgo-inline-mode=release"]
            if policy != "embedded" {
                let file = URL(commandLinePath: policy)
                _ = try Policy(contentsOf: file)  // a bad file fails here, not in every compile
                pluginOptions.append("-mlgo-inline-policy=\(file.path)")
            }
            checkTools = try Toolchain.locate(pluginPath: plugin)
            deciding = (checkTools.plugin, pluginOptions)
            linkSetup = InliningSetup(mode: .release, policy: policy == "embedded" ? nil : URL(commandLinePath: policy))
        }
        let builder = LTOCorpusBuilder(clang: tools.clang, kind: LTOCorpusBuilder.Kind(rawValue: kind)!,
                                       optimizationLevel: optLevel, jobs: options.jobs, timeout: options.timeout, plugin: deciding)
        let (built, references, failures) = try builder.build(from: source, targets: list.targets, output: outputURL, work: workURL)
        for failure in failures { Logger.mlgoTrain.warning("left out \(failure.target): \(failure.reason)") }
        print("corpus \(built.root.path): \(built.modules.count) \(built.phase.rawValue) modules of \(references.count) targets, "
              + "\(failures.count) targets left out")

        let checks = try LTOCorpusBuilder.checkStandIn(
            built, references: references, links: try LinkTargetList(contentsOf: outputURL.appendingPathComponent("links.json")),
            toolchain: checkTools, setup: linkSetup, jobs: options.jobs, timeout: options.timeout,
            scratch: workURL.appendingPathComponent("stand-in"))
        for check in checks {
            if let standIn = check.standInText {
                print(String(format: "%@: lld %d bytes, stand-in %d (%+d)", check.target, check.lldText, standIn, standIn - check.lldText))
            } else {
                Logger.mlgoTrain.warning("\(check.target): stand-in not measured: \(check.failure ?? "")")
            }
        }
        if work == nil { try? FileManager.default.removeItem(at: workURL) }
    }
}

import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOReports

struct SpillReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spill",
        abstract: "Compare eviction policies with LLVM's default advisor: weighted spill cost and .text per module.",
        discussion: """
        Compiles every module of -O2 corpora (tools/corpus/build-project.sh with OPT_LEVEL=O2) \
        with llc-22 -O2: once stock (LLVM's default advisor) and once per --policy in the \
        plugin's release mode (without --policy: the embedded policy). Writes report.json and \
        report.md into --output, with the per-function best of all configurations (the headroom \
        of choosing among them per function). With --max-regression, exits 2 when a corpus's \
        total weighted cost under the first policy grows by more than that many percent.
        """)

    @Option(name: .customLong("corpus"), help: "A corpus folder; repeat for several.") var corpora: [String]
    @Option(name: .customLong("policy"), help: "An eviction policy, NAME=FILE or FILE; repeat for several.")
    var policies: [String] = []
    @Option(name: .customLong("gate"), help: "A per-function gate (train gate --problem eviction), NAME=FILE or FILE; each policy is also compiled with each gate, as POLICY+GATE.")
    var gates: [String] = []
    @Option(help: "Folder for report.json, report.md and the optimised-bitcode cache.") var output: String
    @Option(help: "Fail (exit 2) if any corpus's total weighted spill cost grows by more than this many percent under the first policy.")
    var maxRegression: Double?
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
    }

    /// (name, file) per policy; nil file: the embedded policy.
    func configurations() throws -> [(String, URL?)] {
        if policies.isEmpty { return [("embedded", nil)] }
        return try policies.map { try Self.namedFile($0, decides: EvictionTrace.decision) }
    }

    /// NAME=FILE or FILE (named after its folder), read and checked to decide `decision`.
    static func namedFile(_ text: String, decides decision: String) throws -> (String, URL) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let file = URL(commandLinePath: parts.last!)
        let policy = try Policy(contentsOf: file) // fail early on a bad file
        guard policy.decision == decision else {
            throw ValidationError("\(file.path) decides '\(policy.decision)'; expected '\(decision)'")
        }
        let name = parts.count == 2 ? parts[0] : file.deletingLastPathComponent().lastPathComponent
        guard name != SpillCostReport.baseline else { throw ValidationError("'default' names LLVM's advisor; pick another name") }
        return (name, file)
    }

    func run() throws {
        let outputURL = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
        let runner = try tools.runner(scratch: outputURL.appendingPathComponent(".scratch"))
        let compiler = try tools.evictionCompiler(optimizedCache: outputURL.appendingPathComponent(".optimized"))
        let candidates = try configurations()
        let gated = try gates.map { try Self.namedFile($0, decides: FunctionShape.gateDecision) }
        let setups = [(SpillCostReport.baseline, EvictionSetup.stock)]
            + candidates.map { ($0.0, EvictionSetup(mode: .release, policy: $0.1)) }
            + candidates.flatMap { policy in gated.map { ("\(policy.0)+\($0.0)", EvictionSetup(mode: .release, policy: policy.1, gate: $0.1)) } }
        var modules: [SpillCostReport.Module] = []
        var failures: [String] = []
        var corpusNames: [String] = []
        for path in corpora {
            let corpus = try Corpus(loadingFrom: URL(commandLinePath: path))
            try requirePerModuleCorpora([corpus], for: "report spill")
            corpusNames.append(corpus.name)
            // One job a module: optimised once, then llc under every configuration.
            let scratch = runner.scratch
            let runs = try runner.map(corpus, progress: progressPrinter("spill \(corpus.name)")) { _, bitcode in
                Array(zip(setups.map(\.0), try compiler.compile(bitcode: bitcode, setups: setups.map(\.1), scratch: scratch)))
            }
            for run in runs {
                guard let outcomes = run.outcome else {
                    failures.append("\(corpus.name)/\(run.module): \(run.failure ?? "failed")")
                    continue
                }
                let best = EvictionOutcome.bestPerFunction(outcomes.map(\.1))
                modules.append(SpillCostReport.Module(
                    corpus: corpus.name, module: run.module,
                    weightedCost: Dictionary(uniqueKeysWithValues: outcomes.map { ($0.0, $0.1.total.weighted) }),
                    textSize: Dictionary(uniqueKeysWithValues: outcomes.map { ($0.0, $0.1.textSize) }),
                    bestPerFunction: best,
                    largestFunctionChange: SpillCostReport.FunctionChange.largest(
                        in: Dictionary(uniqueKeysWithValues: outcomes.map { ($0.0, $0.1.functions.mapValues(\.weighted)) }),
                        baseline: SpillCostReport.baseline)))
            }
        }
        try? FileManager.default.removeItem(at: outputURL.appendingPathComponent(".scratch"))
        let report = SpillCostReport(corpora: corpusNames, configurations: setups.map(\.0), modules: modules, failures: failures)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: outputURL.appendingPathComponent("report.json"), options: .atomic)
        let markdown = report.markdown()
        try markdown.write(to: outputURL.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
        print(markdown)
        for failure in failures { Logger.mlgoTrain.warning("failed \(failure)") }
        if let maxRegression, let first = candidates.first?.0 {
            for corpus in corpusNames {
                guard let total = report.totals(corpus: corpus).first(where: { $0.configuration == first }),
                      total.costChange > maxRegression else { continue }
                Logger.mlgoTrain.error(Logger.Message(stringLiteral: String(
                    format: "%@: weighted spill cost %+.2f%% under %@, more than --max-regression %.2f%%",
                    corpus, total.costChange, first, maxRegression)))
                throw ExitCode(2)
            }
        }
    }
}

import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOReports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports of policies against LLVM's heuristic.",
        subcommands: [SizeReportCommand.self, SpillReportCommand.self, SpeedReportCommand.self, TrainingReportCommand.self])
}

struct SizeReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Compare a policy with LLVM's -Oz heuristic: .text per module and decision agreement.",
        discussion: """
        Writes report.json, report.md and report.html (with SVG plots) into --output. Without \
        --policy, the policy embedded in the plugin is evaluated. With --max-regression, exits 2 \
        when the total .text of any corpus grows by more than that many percent (a CI gate). \
        Link targets (a links.json per project, docs/corpus.md) are linked from both compiles' \
        objects and their linked .text is reported too: a --links file applies to the corpus its \
        "project" names; a corpus without one uses links.json in its own folder, if there is one.
        """)

    @Option(name: .customLong("corpus"), help: "A corpus folder; repeat for several.") var corpora: [String]
    @Option(help: "Policy file (default: the plugin's embedded policy).") var policy: String?
    @Option(help: "Forced decisions (e.g. mlgo-train tune's tuned.decisions) on top of the policy.") var decisions: String?
    @Option(help: "Only the modules a provenance.json lists as held_out_modules (\"<corpus>/<module>\").") var heldOutOf: String?
    @Option(help: "Folder for report.json, report.md, report.html and traces.") var output: String
    @Option(help: "Fail (exit 2) if any corpus's total .text grows by more than this many percent.")
    var maxRegression: Double?
    @Option(name: .customLong("links"), help: "A links.json of link targets (for the corpus its \"project\" names); repeat per corpus.")
    var linkFiles: [String] = []
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !corpora.isEmpty else { throw ValidationError("give at least one --corpus") }
    }

    func run() throws {
        let outputURL = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: outputURL, withIntermediateDirectories: true)
        let runner = try tools.runner(scratch: outputURL.appendingPathComponent(".scratch"))
        let policyURL = policy.map { URL(commandLinePath: $0) }
        if let policyURL { _ = try Policy(contentsOf: policyURL) }
        let setup = InliningSetup(mode: .release, policy: policyURL, decisions: decisions.map { URL(commandLinePath: $0) })
        var only: Set<String>?
        if let heldOutOf {
            let data = try Data(contentsOf: URL(commandLinePath: heldOutOf))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let modules = object["held_out_modules"] as? [String] else {
                throw MLGOError.malformed(heldOutOf, "no \"held_out_modules\" list")
            }
            only = Set(modules)
        }
        let loaded = try loadCorpora(corpora)
        if let twice = Dictionary(grouping: loaded, by: \.name).first(where: { $0.value.count > 1 }) {
            // Reports, traces and link targets are filed by the corpus's folder name.
            throw ValidationError("two --corpus folders are named \(twice.key); rename one")
        }
        let linkLists = try linkTargetLists(for: loaded)
        var reports: [SizeComparisonReport] = []
        for corpus in loaded {
            let modules = only.map { selected in corpus.modules.filter { selected.contains("\(corpus.name)/\($0)") } }
            let report = try SizeComparison.compare(
                corpus: corpus, modules: modules, policyName: (policy ?? "embedded") + (decisions.map { " + \($0)" } ?? ""), policySetup: setup,
                runner: runner, traceFolder: outputURL.appendingPathComponent("traces/\(corpus.name)"),
                linkTargets: linkLists[corpus.name]?.targets ?? [])
            print(report.summary)
            reports.append(report)
        }
        try? FileManager.default.removeItem(at: outputURL.appendingPathComponent(".scratch"))
        try SizeReportPage.write(reports, to: outputURL)
        print("wrote \(outputURL.path)/report.json, report.md and report.html")
        try tools.printClusterTraffic()
        if let maxRegression {
            let failing = reports.filter { $0.totalChange * 100 > maxRegression }
            if !failing.isEmpty {
                for report in failing {
                    Logger.mlgoTrain.error(Logger.Message(stringLiteral: String(
                        format: "regression: %@ .text %+.3f%% exceeds --max-regression %.3f%%",
                        report.corpus, report.totalChange * 100, maxRegression)))
                }
                throw ExitCode(2)
            }
        }
    }

    /// Link targets by corpus name: the --links files (each for the corpus its project names),
    /// else a corpus's own links.json.
    private func linkTargetLists(for corpora: [Corpus]) throws -> [String: LinkTargetList] {
        var lists: [String: LinkTargetList] = [:]
        for path in linkFiles {
            let list = try LinkTargetList(contentsOf: URL(commandLinePath: path))
            guard corpora.contains(where: { $0.name == list.project }) else {
                throw ValidationError("\(path) is for project \"\(list.project)\", but no --corpus folder has that name")
            }
            guard lists[list.project] == nil else { throw ValidationError("two --links files for \(list.project)") }
            lists[list.project] = list
        }
        for corpus in corpora where lists[corpus.name] == nil {
            let own = corpus.root.appendingPathComponent("links.json")
            if FileManager.default.fileExists(atPath: own.path) { lists[corpus.name] = try LinkTargetList(contentsOf: own) }
        }
        return lists
    }
}

struct TrainingReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Compare training runs: compiles, time, held-out results, time until they beat the heuristic.",
        discussion: """
        Reads each run folder's metrics.jsonl (train es, train ppo, train search) and prints a \
        Markdown table; --output also writes it, with the numbers as JSON next to it.
        """)

    @Option(name: .customLong("run"), help: "A training run folder; repeat for several.") var runs: [String]
    @Option(help: "Markdown file to write (and <file>.json).") var output: String?

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one --run") }
    }

    func run() throws {
        let summaries = try runs.map { try TrainingRunSummary(run: URL(commandLinePath: $0)) }
        let table = TrainingRunSummary.markdown(summaries)
        print(table, terminator: "")
        if let output {
            let url = URL(commandLinePath: output)
            try Data(table.utf8).write(to: url, options: .atomic)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(summaries).write(to: url.appendingPathExtension("json"), options: .atomic)
        }
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTraining

/// One module compiled by stock LLVM and under a policy.
public struct ModuleComparison: Codable, Sendable {
    public var module: String
    public var baselineText: Int
    public var policyText: Int
    /// policyText / baselineText − 1 (negative: the policy's code is smaller).
    public var change: Double
    /// Inlining decisions the policy made, and how many equal LLVM's heuristic.
    public var decisions: Int
    public var agreeing: Int
    public var baselineSeconds: Double
    public var policySeconds: Double

    public init(module: String, baselineText: Int, policyText: Int, change: Double, decisions: Int, agreeing: Int,
                baselineSeconds: Double, policySeconds: Double) {
        self.module = module
        self.baselineText = baselineText
        self.policyText = policyText
        self.change = change
        self.decisions = decisions
        self.agreeing = agreeing
        self.baselineSeconds = baselineSeconds
        self.policySeconds = policySeconds
    }
}

/// Policy vs LLVM's heuristic on one corpus: per-module `.text` and decision agreement.
public struct SizeComparisonReport: Codable, Sendable {
    public var corpus: String
    public var policy: String
    public var modules: [ModuleComparison]
    /// Modules that failed under either compile, with the reason.
    public var failures: [String: String]
    /// The project's programs and libraries linked from both compiles' objects (links.json).
    public var linkedTargets: [LinkedTargetComparison]

    public init(corpus: String, policy: String, modules: [ModuleComparison], failures: [String: String],
                linkedTargets: [LinkedTargetComparison] = []) {
        self.corpus = corpus
        self.policy = policy
        self.modules = modules
        self.failures = failures
        self.linkedTargets = linkedTargets
    }

    public var baselineTotal: Int { modules.reduce(0) { $0 + $1.baselineText } }
    public var policyTotal: Int { modules.reduce(0) { $0 + $1.policyText } }
    public var totalChange: Double {
        baselineTotal == 0 ? 0 : Double(policyTotal) / Double(baselineTotal) - 1
    }
    public var decisions: Int { modules.reduce(0) { $0 + $1.decisions } }
    public var agreement: Double {
        decisions == 0 ? 1 : Double(modules.reduce(0) { $0 + $1.agreeing }) / Double(decisions)
    }
    public var grownModules: [ModuleComparison] { modules.filter { $0.policyText > $0.baselineText } }

    /// Totals over the link targets that linked both ways.
    public var linkedBaselineTotal: Int { linkedTargets.reduce(0) { $0 + ($1.linked ? $1.baselineText! : 0) } }
    public var linkedPolicyTotal: Int { linkedTargets.reduce(0) { $0 + ($1.linked ? $1.policyText! : 0) } }
    public var linkedTotalChange: Double {
        linkedBaselineTotal == 0 ? 0 : Double(linkedPolicyTotal) / Double(linkedBaselineTotal) - 1
    }

    /// The p-th percentile (0...100) of per-module change, nearest-rank.
    public func changePercentile(_ p: Double) -> Double { Statistics.percentile(modules.map(\.change), p) }

    public var summary: String {
        var line = String(format: "%@: %d modules, .text %d -> %d bytes (%+.2f%%), agreement %.2f%% of %d decisions, p5/p50/p95 %+.2f/%+.2f/%+.2f%%, %d grew, %d failed",
                          corpus, modules.count, baselineTotal, policyTotal, totalChange * 100, agreement * 100, decisions,
                          changePercentile(5) * 100, changePercentile(50) * 100, changePercentile(95) * 100,
                          grownModules.count, failures.count)
        if !linkedTargets.isEmpty {
            line += String(format: "; linked .text %d -> %d bytes (%+.2f%%) over %d of %d targets",
                           linkedBaselineTotal, linkedPolicyTotal, linkedTotalChange * 100,
                           linkedTargets.filter(\.linked).count, linkedTargets.count)
        }
        return line
    }

    public func markdown() -> String {
        var out = "## \(corpus): policy `\(policy)` vs LLVM 22 -Oz heuristic\n\n"
        out += "| modules | heuristic .text | policy .text | change | agreement | p5 / p50 / p95 | grew | failed |\n"
        out += "|---|---|---|---|---|---|---|---|\n"
        out += String(format: "| %d | %d | %d | %+.2f%% | %.2f%% of %d | %+.2f / %+.2f / %+.2f%% | %d | %d |\n\n",
                      modules.count, baselineTotal, policyTotal, totalChange * 100, agreement * 100, decisions,
                      changePercentile(5) * 100, changePercentile(50) * 100, changePercentile(95) * 100,
                      grownModules.count, failures.count)
        out += "| module | heuristic | policy | change | decisions | agreeing |\n|---|---|---|---|---|---|\n"
        for module in modules.sorted(by: { $0.change > $1.change }) {
            out += String(format: "| %@ | %d | %d | %+.2f%% | %d | %d |\n", module.module, module.baselineText,
                          module.policyText, module.change * 100, module.decisions, module.agreeing)
        }
        for (module, reason) in failures.sorted(by: { $0.key < $1.key }) {
            out += "| \(module) | failed: \(reason.replacingOccurrences(of: "|", with: "/")) | | | | |\n"
        }
        if !linkedTargets.isEmpty { out += "\n" + linkedMarkdown() }
        return out
    }

    /// The linked-targets table: per target, then the total of those that linked both ways.
    func linkedMarkdown() -> String {
        var out = "### \(corpus): linked programs and libraries\n\n"
        out += "| target | kind | heuristic .text | policy .text | change |\n|---|---|---|---|---|\n"
        for target in linkedTargets {
            if let change = target.change {
                out += String(format: "| %@ | %@ | %d | %d | %+.2f%% |\n", target.target, target.kind.rawValue,
                              target.baselineText!, target.policyText!, change * 100)
            } else {
                let reason = (target.failure ?? "no .text").replacingOccurrences(of: "|", with: "/")
                out += "| \(target.target) | \(target.kind.rawValue) | failed: \(reason) | | |\n"
            }
        }
        out += String(format: "| **total** (%d of %d linked) | | %d | %d | %+.2f%% |\n",
                      linkedTargets.filter(\.linked).count, linkedTargets.count, linkedBaselineTotal, linkedPolicyTotal,
                      linkedTotalChange * 100)
        return out
    }
}

public enum SizeComparison {
    /// Compiles `modules` of `corpus` with stock LLVM and under `policySetup` (whose trace, if
    /// any, is placed in `traceFolder` to count agreeing decisions). With `linkTargets`, also
    /// links each target from both compiles' objects (in a folder of the runner's scratch).
    public static func compare(corpus: Corpus, modules: [String]? = nil, policyName: String,
                               policySetup: InliningSetup, runner: CorpusRunner,
                               traceFolder: URL, linkTargets: [LinkTarget] = []) throws -> SizeComparisonReport {
        try FileManager.default.createDirectory(at: traceFolder, withIntermediateDirectories: true)
        let linking = linkTargets.isEmpty ? nil : LinkedTextComparison(
            targets: linkTargets, folder: runner.scratch.appendingPathComponent("link-\(UUID().uuidString)"))
        defer { if let linking { try? FileManager.default.removeItem(at: linking.folder) } }
        let baseline = try runner.run(corpus, modules: modules, objectFolder: linking?.stockObjects) { _ in .stock }
        let withPolicy = try runner.run(corpus, modules: modules, objectFolder: linking?.policyObjects) { module in
            var setup = policySetup
            setup.trace = CorpusRunner.traceURL(for: module, in: traceFolder)
            return setup
        }
        var comparisons: [ModuleComparison] = []
        var failures: [String: String] = [:]
        for (stock, policy) in zip(baseline, withPolicy) {
            guard let stockOutcome = stock.outcome else {
                failures[stock.module] = "stock: " + (stock.failure ?? "unknown")
                continue
            }
            guard let policyOutcome = policy.outcome else {
                failures[policy.module] = "policy: " + (policy.failure ?? "unknown")
                continue
            }
            var decisions = 0
            var agreeing = 0
            if let trace = policy.trace {
                let log = try TrainingLog(contentsOf: trace)
                let dataset = try DecisionDataset(logs: [log], featureNames: [])
                decisions = dataset.count
                agreeing = zip(dataset.decisions, dataset.defaultDecisions).filter { $0 == $1 }.count
            }
            comparisons.append(ModuleComparison(
                module: stock.module, baselineText: stockOutcome.textSize, policyText: policyOutcome.textSize,
                change: stockOutcome.textSize == 0 ? 0 : Double(policyOutcome.textSize) / Double(stockOutcome.textSize) - 1,
                decisions: decisions, agreeing: agreeing,
                baselineSeconds: stockOutcome.seconds, policySeconds: policyOutcome.seconds))
        }
        let linked = try linking?.compare(corpus: corpus, policySetup: policySetup, runner: runner) ?? []
        return SizeComparisonReport(corpus: corpus.name, policy: policyName, modules: comparisons, failures: failures,
                                    linkedTargets: linked)
    }
}

import Foundation
import MLGOCore

/// Eviction policies against LLVM's default advisor on corpora: the weighted spill cost
/// (SpillCost.weighted) and `.text` of every module under each, plus what choosing the best
/// configuration per machine function would reach. Register allocation decides each function
/// on its own, so that per-function best is reachable by a selector: a lower bound on the
/// headroom of the configurations compared.
public struct SpillCostReport: Codable, Sendable {
    public struct Module: Codable, Sendable {
        public var corpus: String
        public var module: String
        /// By configuration name ("default" is LLVM's advisor).
        public var weightedCost: [String: Double]
        public var textSize: [String: Int]
        /// Sum over functions of the lowest cost any configuration gave that function.
        public var bestPerFunction: Double
        /// By configuration: the module's function whose cost changed most against the default
        /// (absent where no function changed, and in reports written before it existed).
        public var largestFunctionChange: [String: FunctionChange]?

        public init(corpus: String, module: String, weightedCost: [String: Double], textSize: [String: Int],
                    bestPerFunction: Double, largestFunctionChange: [String: FunctionChange]? = nil) {
            self.corpus = corpus
            self.module = module
            self.weightedCost = weightedCost
            self.textSize = textSize
            self.bestPerFunction = bestPerFunction
            self.largestFunctionChange = largestFunctionChange
        }
    }

    /// One machine function's weighted cost under the default advisor and under a configuration.
    public struct FunctionChange: Codable, Sendable, Equatable {
        public var function: String
        public var defaultCost: Double
        public var cost: Double
        public var change: Double { cost - defaultCost }

        public init(function: String, defaultCost: Double, cost: Double) {
            self.function = function
            self.defaultCost = defaultCost
            self.cost = cost
        }

        /// Of `costs` by configuration, each configuration's function with the largest absolute
        /// change against `baseline` (ties: the first name), or nothing where none changed.
        public static func largest(in costs: [String: [String: Double]], baseline: String) -> [String: FunctionChange] {
            let base = costs[baseline] ?? [:]
            var largest: [String: FunctionChange] = [:]
            for (configuration, functions) in costs where configuration != baseline {
                for function in Set(base.keys).union(functions.keys).sorted() {
                    let change = FunctionChange(function: function, defaultCost: base[function] ?? 0, cost: functions[function] ?? 0)
                    guard change.change != 0 else { continue }
                    if abs(change.change) > abs(largest[configuration]?.change ?? 0) { largest[configuration] = change }
                }
            }
            return largest
        }
    }

    public struct Total: Codable, Sendable {
        public var configuration: String
        public var weightedCost: Double
        public var textSize: Int
        /// Against the default advisor, percent.
        public var costChange: Double
        public var textChange: Double
        /// Modules whose cost rose by more than 2% / fell by more than 2% (of modules with a cost).
        public var modulesWorseThan2Percent: Int
        public var modulesBetterThan2Percent: Int
        public var worstModule: String?
        public var worstModuleChange: Double
        /// Geometric mean over modules with a cost of cost / default's cost, as a percent
        /// change: every module counts alike (the total is dominated by the hottest loops).
        public var geometricMeanChange: Double
        /// The function whose cost changed most ("corpus/module: function"), its change, and the
        /// total's percent change without it: how much of the total one function decides.
        public var largestFunction: String?
        public var largestFunctionChange: Double
        public var costChangeWithoutLargestFunction: Double
    }

    public var corpora: [String]
    public var configurations: [String]
    public var modules: [Module]
    public var failures: [String]

    public static let baseline = "default"

    public init(corpora: [String], configurations: [String], modules: [Module], failures: [String]) {
        self.corpora = corpora
        self.configurations = configurations
        self.modules = modules
        self.failures = failures
    }

    /// The module's cost change under `configuration`, percent (0 when the default has none).
    public static func change(_ module: Module, _ configuration: String) -> Double {
        let base = module.weightedCost[baseline] ?? 0
        guard base > 0 else { return 0 }
        return ((module.weightedCost[configuration] ?? base) / base - 1) * 100
    }

    public func totals(corpus: String? = nil) -> [Total] {
        let selected = modules.filter { corpus == nil || $0.corpus == corpus }
        func sum(_ configuration: String) -> (Double, Int) {
            (selected.reduce(0) { $0 + ($1.weightedCost[configuration] ?? 0) },
             selected.reduce(0) { $0 + ($1.textSize[configuration] ?? 0) })
        }
        let (baseCost, baseText) = sum(Self.baseline)
        func percent(_ value: Double, _ base: Double) -> Double { base > 0 ? (value / base - 1) * 100 : 0 }
        func geometricMean(_ cost: (Module) -> Double) -> Double {
            let ratios = selected.compactMap { module -> Double? in
                let base = module.weightedCost[Self.baseline] ?? 0
                return base > 0 ? max(cost(module), 1e-9) / base : nil
            }
            guard !ratios.isEmpty else { return 0 }
            return (exp(ratios.map { log($0) }.reduce(0, +) / Double(ratios.count)) - 1) * 100
        }
        var rows = configurations.map { name -> Total in
            let (cost, text) = sum(name)
            let changes = selected.map { ($0, Self.change($0, name)) }
            let worst = changes.max { $0.1 < $1.1 }
            let largest = selected.compactMap { module in module.largestFunctionChange?[name].map { (module, $0) } }
                .max { abs($0.1.change) < abs($1.1.change) }
            return Total(configuration: name, weightedCost: cost, textSize: text, costChange: percent(cost, baseCost),
                         textChange: percent(Double(text), Double(baseText)),
                         modulesWorseThan2Percent: changes.filter { $0.1 > 2 }.count,
                         modulesBetterThan2Percent: changes.filter { $0.1 < -2 }.count,
                         worstModule: worst.map { "\($0.0.corpus)/\($0.0.module)" }, worstModuleChange: worst?.1 ?? 0,
                         geometricMeanChange: geometricMean { $0.weightedCost[name] ?? 0 },
                         largestFunction: largest.map { "\($0.0.corpus)/\($0.0.module): \($0.1.function)" },
                         largestFunctionChange: largest?.1.change ?? 0,
                         costChangeWithoutLargestFunction: percent(cost - (largest?.1.change ?? 0), baseCost))
        }
        let best = selected.reduce(0) { $0 + $1.bestPerFunction }
        rows.append(Total(configuration: "best per function", weightedCost: best, textSize: 0,
                          costChange: percent(best, baseCost), textChange: 0, modulesWorseThan2Percent: 0,
                          modulesBetterThan2Percent: 0, worstModule: nil, worstModuleChange: 0,
                          geometricMeanChange: geometricMean { $0.bestPerFunction },
                          largestFunction: nil, largestFunctionChange: 0, costChangeWithoutLargestFunction: percent(best, baseCost)))
        return rows
    }

    public func markdown() -> String {
        var lines = ["# Weighted spill cost against LLVM's default eviction advisor", "",
                     "Weighted spill cost: SpillReloadCopies remarks of llc-22 -O2, loads (reloads, folded reloads) ×4, stores (spills, folded spills) ×1, copies ×0.2, each weighted by block frequency. \(modules.count) modules; \(failures.count) failed.", ""]
        for corpus in corpora + (corpora.count > 1 ? [nil] : []) {
            lines.append("## \(corpus ?? "all corpora")")
            lines.append("")
            lines.append("| configuration | weighted cost | change | per-module geometric mean | `.text` change | modules > +2% | modules < −2% | worst module |")
            lines.append("|---|---|---|---|---|---|---|---|")
            let corpusTotals = totals(corpus: corpus)
            for total in corpusTotals {
                let worst = total.worstModule.map { "\($0) (\(String(format: "%+.1f%%", total.worstModuleChange)))" } ?? ""
                let text = total.configuration == "best per function" ? "" : String(format: "%+.2f%%", total.textChange)
                lines.append(String(format: "| %@ | %.1f | %+.2f%% | %+.2f%% | %@ | %d | %d | %@ |", total.configuration, total.weightedCost,
                                    total.costChange, total.geometricMeanChange, text, total.modulesWorseThan2Percent,
                                    total.modulesBetterThan2Percent, worst))
            }
            lines.append("")
            // How much of each total one function decides.
            let deciding = corpusTotals.filter { $0.largestFunction != nil }
            if !deciding.isEmpty {
                lines.append("| configuration | function with the largest change | its change | total change without it |")
                lines.append("|---|---|---|---|")
                for total in deciding {
                    lines.append(String(format: "| %@ | %@ | %+.1f | %+.2f%% |", total.configuration, total.largestFunction ?? "",
                                        total.largestFunctionChange, total.costChangeWithoutLargestFunction))
                }
                lines.append("")
            }
        }
        if !failures.isEmpty {
            lines.append("Failed: " + failures.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

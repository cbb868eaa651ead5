import Foundation
import MLGOCore

/// Inlining decisions read from traces, as rows of raw feature values.
public struct DecisionDataset: Sendable {
    /// The raw features each row holds, in column order.
    public var featureNames: [String]
    /// rows × featureNames.count raw values.
    public var features: [Float]
    /// LLVM's heuristic decision per row (0/1).
    public var defaultDecisions: [Float]
    /// The decision taken per row (0/1).
    public var decisions: [Float]
    /// Probability of the taken decision under the policy that took it.
    public var probabilities: [Float]
    /// Module (trace context) of each row.
    public var modules: [String]
    /// How much each row counts in fitting (1 unless a distillation says what a decision is worth).
    public var weights: [Float]

    public var count: Int { decisions.count }

    public init(featureNames: [String]) {
        self.featureNames = featureNames
        features = []
        defaultDecisions = []
        decisions = []
        probabilities = []
        modules = []
        weights = []
    }

    /// Reads every observation of `logs`. With `featureNames` nil, every scalar feature of the
    /// first log except the decision tensors and the plugin's own features is used, plus the
    /// plugin's features (`InliningTrace.pluginFeatures`) if `includingPluginFeatures`, plus the
    /// heuristic's decision (`inlining_default`) if `includingHeuristicDecision`.
    public init(logs: [TrainingLog], featureNames: [String]? = nil, includingPluginFeatures: Bool = false,
                includingHeuristicDecision: Bool = false) throws {
        guard let first = logs.first else {
            throw MLGOError.invalidArgument("no traces to read decisions from")
        }
        let plugin = Set(InliningTrace.pluginFeatures)
        if includingPluginFeatures, featureNames == nil, let missing = InliningTrace.pluginFeatures.first(where: { first.featureIndex(named: $0) == nil }) {
            throw MLGOError.malformed("trace", "no plugin feature '\(missing)': the trace was written by an older plugin")
        }
        let names = featureNames ?? first.features
            .filter { $0.elementCount == 1 && !InliningTrace.nonFeatureTensors.contains($0.name) }
            .filter { includingPluginFeatures || !plugin.contains($0.name) }
            .map(\.name) + (includingHeuristicDecision ? [InliningTrace.defaultDecision] : [])
        self.init(featureNames: names)
        for log in logs {
            let columns = try names.map { name -> Int in
                guard let index = log.featureIndex(named: name), log.features[index].elementCount == 1 else {
                    throw MLGOError.malformed("trace", "no scalar feature '\(name)'")
                }
                return index
            }
            guard let defaultColumn = log.featureIndex(named: InliningTrace.defaultDecision),
                  let decisionColumn = log.featureIndex(named: InliningTrace.decision) else {
                throw MLGOError.malformed("trace", "not an inlining trace: '\(InliningTrace.defaultDecision)' or '\(InliningTrace.decision)' is missing")
            }
            let probabilityColumn = log.featureIndex(named: InliningTrace.decisionProbability)
            for context in log.contexts {
                for row in 0..<context.observationCount {
                    for column in columns {
                        features.append(Float(log.scalar(column, observation: row, in: context)))
                    }
                    defaultDecisions.append(Float(log.scalar(defaultColumn, observation: row, in: context)))
                    decisions.append(Float(log.scalar(decisionColumn, observation: row, in: context)))
                    probabilities.append(probabilityColumn.map {
                        Float(log.scalar($0, observation: row, in: context))
                    } ?? 1)
                    modules.append(context.name)
                    weights.append(1)
                }
            }
        }
    }

    public func row(_ index: Int) -> ArraySlice<Float> {
        features[(index * featureNames.count)..<((index + 1) * featureNames.count)]
    }

    public func column(_ index: Int) -> [Float] {
        (0..<count).map { features[$0 * featureNames.count + index] }
    }

    /// Appends every row of `other`, which must read the same features.
    public mutating func append(_ other: DecisionDataset) {
        precondition(other.featureNames == featureNames, "datasets read different features")
        features += other.features
        defaultDecisions += other.defaultDecisions
        decisions += other.decisions
        probabilities += other.probabilities
        modules += other.modules
        weights += other.weights
    }

    /// The rows whose module satisfies `include`.
    public func filter(modules include: (String) -> Bool) -> DecisionDataset {
        filter(rows: { include(modules[$0]) })
    }

    /// The rows whose index satisfies `include`.
    public func filter(rows include: (Int) -> Bool) -> DecisionDataset {
        var result = DecisionDataset(featureNames: featureNames)
        for index in 0..<count where include(index) {
            result.features.append(contentsOf: row(index))
            result.defaultDecisions.append(defaultDecisions[index])
            result.decisions.append(decisions[index])
            result.probabilities.append(probabilities[index])
            result.modules.append(modules[index])
            result.weights.append(weights[index])
        }
        return result
    }

    /// The same rows reading only `names` (a subset of featureNames), in that order.
    public func selecting(features names: [String]) -> DecisionDataset {
        let indices = names.map { name in featureNames.firstIndex(of: name)! }
        var result = self
        result.featureNames = names
        result.features = []
        result.features.reserveCapacity(count * names.count)
        for row in 0..<count {
            for index in indices { result.features.append(features[row * featureNames.count + index]) }
        }
        return result
    }
}

import Foundation
import MLGOCore

/// A per-function gate between LLVM's eviction advisor and a policy, learnt from per-function
/// outcomes. `tune --problem eviction` compiles a project under both and knows, per machine
/// function, which spilled less; a gate generalises that choice to functions it has not seen,
/// from the function's shape before allocation (FunctionShape: size, registers, calls, loops,
/// hotness), which the plugin computes when the allocator starts on the function
/// (`-mlgo-evict-gate`).
///
/// The gate is a policy file like any other: decision `eviction_gate`, the shape's features by
/// name, one logit (positive: the policy allocates). It is fitted by weighted logistic
/// regression (BehaviourCloning's loss and trainer) on the functions where the two differ.
public enum EvictionGateFitting {
    public static let decision = FunctionShape.gateDecision

    /// One machine function of one module under both allocators: a line of tune's
    /// `functions.jsonl`.
    public struct FunctionOutcome: Codable, Sendable, Equatable {
        public var module: String
        public var function: String
        /// Weighted spill cost under LLVM's advisor and under the policy (0: no spill code).
        public var llvm: Double
        public var policy: Double
        /// The shape's features; empty if the plugin reported none.
        public var shape: [String: Double]

        public init(module: String, function: String, llvm: Double, policy: Double, shape: [String: Double]) {
            self.module = module
            self.function = function
            self.llvm = llvm
            self.policy = policy
            self.shape = shape
        }
    }

    /// What a function's example weighs.
    public enum Weighting: String, Codable, Sendable, CaseIterable {
        /// The cost it saves or loses: the total's objective (hot functions dominate).
        case absolute
        /// The same as a share of its module's cost under LLVM: each module's relative change,
        /// the objective of "no module more than 2% worse".
        case module
    }

    public static func readTable(_ url: URL) throws -> [FunctionOutcome] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").enumerated().map { number, line in
            do { return try decoder.decode(FunctionOutcome.self, from: Data(line.utf8)) } catch {
                throw MLGOError.malformed(url.path, "line \(number + 1) is not a function outcome: \(error)")
            }
        }
    }

    public static func writeTable(_ rows: [FunctionOutcome], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = try rows.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The examples: every function with a shape whose cost differs between the two, labelled
    /// 1 where the policy spills less.
    public static func dataset(_ rows: [FunctionOutcome], weighting: Weighting) -> DecisionDataset {
        var moduleCost: [String: Double] = [:]
        for row in rows { moduleCost[row.module, default: 0] += row.llvm }
        let names = FunctionShape.featureNames
        var data = DecisionDataset(featureNames: names)
        for row in rows where row.llvm != row.policy && !row.shape.isEmpty {
            let saving = abs(row.llvm - row.policy)
            let weight = switch weighting {
            case .absolute: saving
            case .module: saving / max(moduleCost[row.module] ?? 0, saving)
            }
            data.features += names.map { Float(row.shape[$0] ?? 0) }
            let label: Float = row.policy < row.llvm ? 1 : 0
            data.decisions.append(label)
            data.defaultDecisions.append(label)
            data.probabilities.append(1)
            data.modules.append(row.module)
            data.weights.append(Float(weight))
        }
        return data
    }

    /// A gate fitted to `rows`.
    public static func fit(_ rows: [FunctionOutcome], weighting: Weighting, hiddenLayers: [Int], epochs: Int,
                           seed: UInt64, name: String) throws -> BehaviourCloning.Result {
        let data = dataset(rows, weighting: weighting)
        guard data.count > 0 else {
            throw MLGOError.invalidArgument("no function spills differently under LLVM and the policy: nothing to learn a gate from")
        }
        var configuration = BehaviourCloning.Configuration()
        configuration.target = .taken
        configuration.policyName = name
        configuration.decision = decision
        configuration.hiddenLayers = hiddenLayers
        configuration.epochs = epochs
        configuration.differences = []
        configuration.seed = seed
        return try BehaviourCloning.fit(data, configuration: configuration)
    }

    /// Whether `gate` gives a function of `shape` to the policy, as the plugin decides it.
    public static func policyAllocates(_ gate: Policy, shape: [String: Double]) -> Bool {
        let score = gate.logits(raw: gate.features.map { Float(shape[$0] ?? 0) })[0]
        return score.isFinite && score > 0
    }

    /// Total weighted cost of `rows` when `gate` chooses per function: what a compile with the
    /// gate gives, since each function's allocation depends on its own advisor only.
    public static func gatedCost(_ rows: [FunctionOutcome], gate: Policy) -> Double {
        rows.reduce(0) { $0 + (policyAllocates(gate, shape: $1.shape) ? $1.policy : $1.llvm) }
    }
}

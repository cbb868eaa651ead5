import MLGOCore
import PolicyRuntime

/// Checks a policy file against what the format promises (docs/policy-format.md): the Swift
/// reader and the C runtime accept and reject the same files, read the same names and compute
/// the same logits, bit for bit; normalised inputs stay in their ranges; logits are finite
/// wherever nothing can overflow; and a policy reads back exactly once written.
/// Used by PolicyEquivalenceTests and by the policy-agreement fuzz target.
public enum PolicyConformance {
    /// Everything wrong with `text` read as a policy file, evaluated on `rows` (or, if nil, on
    /// `ProbeRows.rows(featureCount:seed: 0)`); empty if nothing is.
    public static func problems(in text: [UInt8], rows: [[Float]]? = nil) -> [String] {
        let swift = Result { try Policy(text: String(decoding: text, as: UTF8.self)) }
        let runtime = RuntimePolicy.parse(text)
        switch (swift, runtime) {
        case (.failure, .failure):
            return []
        case (.success, .failure(let error)):
            return ["Swift reads the policy, the C runtime does not: \(error)"]
        case (.failure(let error), .success):
            return ["the C runtime reads the policy, Swift does not: \(error)"]
        case (.success(let policy), .success(let compiled)):
            let rows = rows ?? ProbeRows.rows(featureCount: policy.features.count, seed: 0)
            var problems = agreement(policy, compiled, rows: rows)
            problems += invariants(policy, rows: rows)
            problems += roundTrip(policy, compiled, rows: rows)
            return problems
        }
    }

    /// Same names, same logits bit for bit (NaN matching NaN).
    static func agreement(_ policy: Policy, _ runtime: RuntimePolicy, rows: [[Float]]) -> [String] {
        var problems: [String] = []
        if runtime.name != policy.name || runtime.decision != policy.decision {
            problems.append("names differ: C reads \(runtime.name)/\(runtime.decision), Swift \(policy.name)/\(policy.decision)")
        }
        if runtime.features != policy.features {
            problems.append("features differ: C reads \(runtime.features), Swift \(policy.features)")
        }
        guard runtime.outputCount == policy.outputCount, runtime.features.count == policy.features.count else {
            return problems + ["C has \(runtime.outputCount) outputs, Swift \(policy.outputCount)"]
        }
        for row in rows {
            let swiftLogits = policy.logits(raw: row)
            let runtimeLogits = runtime.logits(raw: row)
            if !zip(swiftLogits, runtimeLogits).allSatisfy(sameBits) {
                problems.append("logits differ on \(row): Swift \(swiftLogits), C \(runtimeLogits)")
            }
        }
        return problems
    }

    /// Quantile inputs in [0, 1], signed-log inputs finite, logits finite where the bound of
    /// every intermediate value is far below Float's largest (FiniteBound).
    static func invariants(_ policy: Policy, rows: [[Float]]) -> [String] {
        var problems: [String] = []
        for row in rows where row.allSatisfy(\.isFinite) {
            for (input, value) in zip(policy.inputs, policy.normalizedInputs(raw: row)) {
                switch input.normalization {
                case .quantiles where !(value >= 0 && value <= 1):
                    problems.append("quantile input of feature \(input.feature) is \(value) on \(row)")
                case .signedLog where !value.isFinite:
                    problems.append("signed-log input of feature \(input.feature) is \(value) on \(row)")
                default:
                    break
                }
            }
            if FiniteBound.cannotOverflow(policy, raw: row), !policy.logits(raw: row).allSatisfy(\.isFinite) {
                problems.append("logits \(policy.logits(raw: row)) on \(row), where no value can overflow")
            }
        }
        return problems
    }

    /// The written policy reads back equal in Swift, and the C runtime computes the same logits
    /// from it.
    static func roundTrip(_ policy: Policy, _ runtime: RuntimePolicy, rows: [[Float]]) -> [String] {
        let written = Array(policy.serialized().utf8)
        guard let reread = try? Policy(text: String(decoding: written, as: UTF8.self)), reread == policy else {
            return ["the written policy does not read back equal in Swift"]
        }
        guard case .success(let rewritten) = RuntimePolicy.parse(written) else {
            return ["the C runtime does not read the written policy"]
        }
        for row in rows where !zip(runtime.logits(raw: row), rewritten.logits(raw: row)).allSatisfy(sameBits) {
            return ["the C runtime computes other logits once the policy is written, on \(row)"]
        }
        return []
    }

    static func sameBits(_ pair: (Float, Float)) -> Bool {
        pair.0.bitPattern == pair.1.bitPattern || (pair.0.isNaN && pair.1.isNaN)
    }
}

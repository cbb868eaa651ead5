import Foundation
import MLGOCore

/// What one policy did on one module, as a trainer sees it: higher reward is better, 0 is as
/// LLVM's own decisions.
public protocol RewardSample: Sendable {
    var reward: Double { get }
}

/// Scores policies against LLVM's own decisions on real compiles, module by module: what a
/// black-box trainer (`train es`) optimises. Each problem has one: code size for inlining
/// (`SizeRewardEvaluator`), weighted spill cost for eviction (`SpillRewardEvaluator`).
public protocol PolicyRewardEvaluator: AnyObject, Sendable {
    /// A module's measure under LLVM's own decisions, which rewards are relative to.
    associatedtype Baseline: Sendable
    associatedtype Sample: RewardSample

    /// The held-out metric's key in metrics.jsonl (a relative change of the total; negative is better).
    static var changeMetric: String { get }
    /// What is measured, for log lines (".text", "weighted spill cost").
    static var measureName: String { get }

    /// LLVM's measure for each module that has one; the others are in `failures`, with the reason.
    func baselines(_ modules: [TrainingModule]) throws -> (sizes: [String: Baseline], failures: [String: String])

    /// Compiles every module under every policy (greedy, release mode). Result [policy][module]
    /// is nil where the compile failed, the module has no baseline, or it had not started by
    /// `deadline`.
    func evaluate(_ policies: [Policy], on modules: [TrainingModule], baselines: [String: Baseline],
                  deadline: Date?, label: String) throws -> [[Sample?]]

    /// The policy's total change against LLVM over `modules` (negative: better), the modules
    /// compiled, and how many of them regressed.
    func totalChange(of policy: Policy, on modules: [TrainingModule], baselines: [String: Baseline],
                     label: String) throws -> (change: Double, modules: Int, grown: Int)

    /// Compiles a cache has spared so far (metrics.jsonl's `llc_skipped_so_far`).
    var cachedCompiles: Int { get }
}

/// Runs `compile` with one retry (a compile can fail for a passing reason: a killed worker, a
/// full disk); its result, or nil and the last failure after two.
func compilingWithOneRetry<Outcome>(_ compile: () throws -> Outcome) -> (Outcome?, String?) {
    var failure = ""
    for _ in 1...2 {
        do {
            return (try compile(), nil)
        } catch {
            failure = "\(error)"
        }
    }
    return (nil, failure)
}

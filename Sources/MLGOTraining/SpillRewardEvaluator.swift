import Foundation
import MLGOCompile
import MLGOCore

/// Scores eviction policies by the weighted spill cost of real `llc-22 -O2` compiles (the
/// eviction problem's score, docs/eviction.md): per module, reward = 1 − policy cost / LLVM's
/// cost, at least −1. The floor keeps a module whose few spills the policy multiplies from
/// outweighing every other module of a step (centred ranks bound a step's influence, not a
/// module's within a candidate's mean). Where LLVM spills nothing, spilling at all gets the
/// floor; such modules count in the totals, as in `report spill`.
public final class SpillRewardEvaluator: PolicyRewardEvaluator, @unchecked Sendable {
    public static let changeMetric = "spill_cost_change"
    public static let measureName = "weighted spill cost"
    /// A module counts as worse when its cost is more than this much above LLVM's (issue 9's bar).
    public static let regressionThreshold = 0.02
    /// The lowest reward a module can give (its cost doubled).
    public static let rewardFloor = -1.0

    public let compiler: EvictionCompiler
    public let jobs: Int
    public let scratch: URL
    public let cache: BaselineCache
    private let llvmVersion: String

    public init(compiler: EvictionCompiler, jobs: Int, scratch: URL, cache: BaselineCache) {
        self.compiler = compiler
        self.jobs = jobs
        self.scratch = scratch
        self.cache = cache
        llvmVersion = compiler.toolchain.llvmVersion()
    }

    /// The baseline cache's key: the module, LLVM, and the eviction compile.
    private func key(_ module: TrainingModule) throws -> String {
        "\(try FileDigests.shared.digest(of: module.bitcode))|llvm \(llvmVersion)|default<\(compiler.optimizationLevel)>"
            + "|llc -\(compiler.optimizationLevel)|weighted spill cost"
    }

    /// Compiles with one retry; nil after two failures.
    private func compile(_ bitcode: URL, _ setups: [EvictionSetup]) -> ([EvictionOutcome]?, String?) {
        compilingWithOneRetry { try compiler.compile(bitcode: bitcode, setups: setups, scratch: scratch.appendingPathComponent("objects")) }
    }

    /// Nothing skips llc here: a candidate's allocation is only known by running it.
    public var cachedCompiles: Int { 0 }

    /// LLVM's own weighted spill cost of each module (its default advisor, no plugin), from the
    /// cache or compiled now.
    public func baselines(_ modules: [TrainingModule]) throws -> (sizes: [String: Double], failures: [String: String]) {
        let results = WorkerPool.map(modules, jobs: jobs) { [self] module -> (Double?, String?) in
            let key = try key(module)
            if let cached = cache.value(forKey: key) { return (cached, nil) }
            let (outcomes, failure) = compile(module.bitcode, [.stock])
            guard let cost = outcomes?[0].total.weighted else { return (nil, failure) }
            cache.store(value: cost, forKey: key)
            return (cost, nil)
        }
        try cache.save()
        try compiler.backend.checkAvailable()
        var costs: [String: Double] = [:]
        var failures: [String: String] = [:]
        for (module, result) in zip(modules, results) {
            switch result {
            case .success(let (cost, failure)):
                if let cost { costs[module.name] = cost } else { failures[module.name] = failure ?? "failed" }
            case .failure(let error):
                failures[module.name] = "\(error)"
            }
        }
        return (costs, failures)
    }

    /// What one policy did on one module.
    public struct Sample: RewardSample {
        public var weightedCost: Double
        public var textSize: Int
        public var reward: Double
    }

    /// 1 − cost / baseline, at least `rewardFloor`; where LLVM spills nothing, 0 or the floor.
    static func reward(cost: Double, baseline: Double) -> Double {
        guard baseline > 0 else { return cost > 0 ? rewardFloor : 0 }
        return max(rewardFloor, 1 - cost / baseline)
    }

    /// One job per module compiles it under every policy (optimised once), so a module is
    /// either measured under all of them or missing for all: a failed compile, no baseline, or
    /// not started by `deadline`.
    public func evaluate(_ policies: [Policy], on modules: [TrainingModule], baselines: [String: Double],
                         deadline: Date? = nil, label: String = "policy") throws -> [[Sample?]] {
        let folder = scratch.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let setups = try policies.enumerated().map { index, policy -> EvictionSetup in
            let url = folder.appendingPathComponent("\(label)-\(index).mlgo")
            try policy.write(to: url)
            return EvictionSetup(mode: .release, policy: url)
        }
        let results = WorkerPool.map(modules, jobs: jobs) { [self] module -> [Sample]? in
            guard let baseline = baselines[module.name] else { return nil }
            if let deadline, Date() > deadline { return nil }
            guard let outcomes = compile(module.bitcode, setups).0 else { return nil }
            return outcomes.map { outcome in
                let cost = outcome.total.weighted
                return Sample(weightedCost: cost, textSize: outcome.textSize, reward: Self.reward(cost: cost, baseline: baseline))
            }
        }
        var grid = [[Sample?]](repeating: [Sample?](repeating: nil, count: modules.count), count: policies.count)
        for (module, result) in results.enumerated() {
            guard let samples = (try? result.get()) ?? nil else { continue }
            for (policy, sample) in samples.enumerated() { grid[policy][module] = sample }
        }
        try compiler.backend.checkAvailable()
        return grid
    }

    /// The policy's total weighted spill cost against LLVM's over `modules` (the total of
    /// `report spill`), and the modules more than `regressionThreshold` above LLVM's cost.
    public func totalChange(of policy: Policy, on modules: [TrainingModule], baselines: [String: Double],
                            label: String = "held-out") throws -> (change: Double, modules: Int, grown: Int) {
        let samples = try evaluate([policy], on: modules, baselines: baselines, label: label)[0]
        var baselineTotal = 0.0, policyTotal = 0.0
        var compiled = 0, worse = 0
        // In module order, so the sums are the same in every run.
        for (module, sample) in zip(modules, samples) {
            guard let sample, let baseline = baselines[module.name] else { continue }
            baselineTotal += baseline
            policyTotal += sample.weightedCost
            compiled += 1
            // As `report spill` counts them: relative to a cost LLVM has.
            if baseline > 0, sample.weightedCost > baseline * (1 + Self.regressionThreshold) { worse += 1 }
        }
        return (baselineTotal == 0 ? 0 : policyTotal / baselineTotal - 1, compiled, worse)
    }
}

import Foundation
import MLGOCompile
import MLGOCore

/// One module of a training corpus, named `<corpus>/<module>` everywhere in reports.
public struct TrainingModule: Sendable, Hashable {
    public var corpus: String
    public var module: String
    public var bitcode: URL
    /// Its corpus's compile phase: per module, a ThinLTO back end or a full-LTO program.
    public var phase: CompilePhase
    public var name: String { "\(corpus)/\(module)" }

    public init(corpus: String, module: String, bitcode: URL, phase: CompilePhase = .module) {
        self.corpus = corpus
        self.module = module
        self.bitcode = bitcode
        self.phase = phase
    }

    public static func all(in corpora: [Corpus]) -> [TrainingModule] {
        corpora.flatMap { corpus in
            corpus.modules.map { TrainingModule(corpus: corpus.name, module: $0, bitcode: corpus.bitcodeURL($0), phase: corpus.phase) }
        }
    }
}

extension ModuleCompiler {
    /// This compiler in `module`'s phase, so one run can search or distil corpora of several.
    public func compiling(_ module: TrainingModule) -> ModuleCompiler { inPhase(module.phase) }
}

/// Scores policies by code size: per module, reward = 1 − policy .text / heuristic .text (the
/// share of the heuristic's code the policy saves; 0 = as the heuristic, positive = smaller).
/// Unlike ml-compiler-opt's `1 − (policy + 0.01)/(baseline + 0.01)` there is no smoothing
/// term: a module with no code has no baseline and is skipped.
public final class SizeRewardEvaluator: PolicyRewardEvaluator, @unchecked Sendable {
    public static let changeMetric = "text_change"
    public static let measureName = ".text"
    public let compiler: ModuleCompiler
    public let jobs: Int
    public let scratch: URL
    public let cache: BaselineCache
    private let llvmVersion: String

    public init(compiler: ModuleCompiler, jobs: Int, scratch: URL, cache: BaselineCache) {
        self.compiler = compiler
        self.jobs = jobs
        self.scratch = scratch
        self.cache = cache
        llvmVersion = compiler.toolchain.llvmVersion()
    }

    /// Compiles with one retry; nil after two failures.
    private func compile(_ bitcode: URL, _ setup: InliningSetup) -> (CompileOutcome?, String?) {
        compilingWithOneRetry { try compiler.compile(bitcode: bitcode, setup: setup, scratch: scratch.appendingPathComponent("objects")) }
    }

    /// The heuristic's `.text` for each module, from the cache or compiled now. Modules whose
    /// baseline cannot be built (or is empty) are absent, with the reason in `failures`.
    public func baselines(_ modules: [TrainingModule]) throws -> (sizes: [String: Int], failures: [String: String]) {
        let results = WorkerPool.map(modules, jobs: jobs) { [self] module -> (Int?, String?) in
            let key = try BaselineCache.key(bitcode: module.bitcode, compiler: compiler, llvmVersion: llvmVersion)
            if let cached = cache.textSize(forKey: key) { return (cached, nil) }
            let (outcome, failure) = compile(module.bitcode, .stock)
            if let outcome { cache.store(outcome.textSize, forKey: key) }
            return (outcome?.textSize, failure)
        }
        try cache.save()
        try compiler.backend.checkAvailable()
        var sizes: [String: Int] = [:]
        var failures: [String: String] = [:]
        for (module, result) in zip(modules, results) {
            switch result {
            case .success(let (size, failure)):
                if let size, size > 0 { sizes[module.name] = size } else { failures[module.name] = failure ?? "no code" }
            case .failure(let error):
                failures[module.name] = "\(error)"
            }
        }
        return (sizes, failures)
    }

    public var cachedCompiles: Int { compiler.objectSizes?.hits ?? 0 }

    /// What one policy did on one module.
    public struct Sample: RewardSample {
        public var textSize: Int
        public var reward: Double
        public var seconds: Double
    }

    /// Compiles every module under every policy (greedy, release mode). Result [policy][module]
    /// is nil where the compile failed twice, the module has no baseline, or the job had not
    /// started by `deadline` (stragglers are cut, not waited for).
    public func evaluate(_ policies: [Policy], on modules: [TrainingModule], baselines: [String: Int],
                         deadline: Date? = nil, label: String = "policy") throws -> [[Sample?]] {
        let folder = scratch.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = try policies.enumerated().map { index, policy -> URL in
            let url = folder.appendingPathComponent("\(label)-\(index).mlgo")
            try policy.write(to: url)
            return url
        }
        // Module-major order: when stragglers are cut at the deadline, whole modules go missing
        // (the last ones), and the modules that are left were compiled under every policy.
        let jobs = modules.indices.flatMap { module in policies.indices.map { ($0, module) } }
        let results = WorkerPool.map(jobs, jobs: self.jobs) { [self] (policy, moduleIndex) -> Sample? in
            let module = modules[moduleIndex]
            guard let baseline = baselines[module.name] else { return nil }
            if let deadline, Date() > deadline { return nil }
            let (outcome, _) = compile(module.bitcode, InliningSetup(mode: .release, policy: files[policy]))
            guard let outcome else { return nil }
            return Sample(textSize: outcome.textSize, reward: 1 - Double(outcome.textSize) / Double(baseline),
                          seconds: outcome.seconds)
        }
        var grid = [[Sample?]](repeating: [Sample?](repeating: nil, count: modules.count), count: policies.count)
        for ((policy, module), result) in zip(jobs, results) { grid[policy][module] = (try? result.get()) ?? nil }
        try compiler.backend.checkAvailable()
        return grid
    }

    /// The policy's total `.text` change against the heuristic over `modules` (greedy).
    public func totalChange(of policy: Policy, on modules: [TrainingModule], baselines: [String: Int],
                            label: String = "held-out") throws -> (change: Double, modules: Int, grown: Int) {
        let samples = try evaluate([policy], on: modules, baselines: baselines, label: label)[0]
        var baselineTotal = 0
        var policyTotal = 0
        var grown = 0
        var compiled = 0
        for (module, sample) in zip(modules, samples) {
            guard let sample, let baseline = baselines[module.name] else { continue }
            baselineTotal += baseline
            policyTotal += sample.textSize
            compiled += 1
            if sample.textSize > baseline { grown += 1 }
        }
        return (baselineTotal == 0 ? 0 : Double(policyTotal) / Double(baselineTotal) - 1, compiled, grown)
    }

    /// One sampled compile for policy gradient.
    public struct SampledCompile: Sendable {
        public var textSize: Int
        public var reward: Double
        public var trace: URL
    }

    /// Compiles each module `samples` times in train mode, decisions sampled from `policy` with
    /// seeds derived from `seed`, sample and module, and replaced by a coin flip with
    /// probability `exploration` (or, with `greedy`, the policy's own decisions); keeps each
    /// compile's trace. Result [module][sample], nil where a compile failed twice or wrote no trace.
    public func sample(_ policy: Policy, on modules: [TrainingModule], samples: Int, seed: UInt64, exploration: Double = 0,
                       greedy: Bool = false, baselines: [String: Int], traceFolder: URL) throws -> [[SampledCompile?]] {
        try FileManager.default.createDirectory(at: traceFolder, withIntermediateDirectories: true)
        let policyFile = traceFolder.appendingPathComponent("policy.mlgo")
        try policy.write(to: policyFile)
        let jobs = modules.indices.flatMap { module in (0..<samples).map { (module, $0) } }
        let results = WorkerPool.map(jobs, jobs: self.jobs) { [self] (moduleIndex, sampleIndex) -> SampledCompile? in
            let module = modules[moduleIndex]
            guard let baseline = baselines[module.name] else { return nil }
            let trace = CorpusRunner.traceURL(for: "\(module.name).\(sampleIndex)", in: traceFolder)
            try? FileManager.default.removeItem(at: trace)
            let setup = InliningSetup(mode: .train, policy: policyFile, trace: trace,
                                      seed: seed &+ UInt64(sampleIndex) &* 0x9e37_79b9_7f4a_7c15, sample: !greedy,
                                      exploration: exploration)
            let (outcome, _) = compile(module.bitcode, setup)
            guard let outcome, FileManager.default.fileExists(atPath: trace.path) else { return nil }
            return SampledCompile(textSize: outcome.textSize, reward: 1 - Double(outcome.textSize) / Double(baseline), trace: trace)
        }
        var grid = [[SampledCompile?]](repeating: [SampledCompile?](repeating: nil, count: samples), count: modules.count)
        for ((module, sample), result) in zip(jobs, results) { grid[module][sample] = (try? result.get()) ?? nil }
        try compiler.backend.checkAvailable()
        return grid
    }
}

import Foundation
import MLGOCore

/// The measured result of one eviction compile.
public struct EvictionOutcome: Sendable, Equatable {
    /// Bytes of `.text` in the object.
    public var textSize: Int
    /// Seconds of llc (the optimisation before it is cached).
    public var seconds: Double
    /// The spill code of each machine function that has some (SpillCost.byFunction).
    public var functions: [String: SpillCost]
    /// Each machine function's shape before allocation, from the plugin's remarks; empty for a
    /// compile without the plugin's eviction advisor (stock llc, heuristic mode).
    public var shapes: [String: FunctionShape] = [:]

    /// Summed in the functions' name order: a dictionary's order changes from process to
    /// process, and floating-point sums with it.
    public var total: SpillCost { functions.keys.sorted().reduce(SpillCost()) { $0 + functions[$1]! } }

    /// Of one module's compiles under several configurations, the sum over machine functions of
    /// the lowest weighted cost any of them gave the function (a function absent from one has
    /// no spill code there: 0). In name order, so that the sum is the same in every run.
    public static func bestPerFunction(_ outcomes: [EvictionOutcome]) -> Double {
        Set(outcomes.flatMap { $0.functions.keys }).sorted().reduce(0.0) { sum, function in
            sum + outcomes.map { $0.functions[function]?.weighted ?? 0 }.min()!
        }
    }
}

/// Compiles one corpus module for the eviction problem: `opt-22 -passes='default<O2>'` (once
/// per module: eviction happens later, so the optimised bitcode is cached by the module's
/// hash), then `llc-22 -O2 -filetype=obj` with the plugin's eviction options and LLVM's
/// regalloc remarks, whose SpillReloadCopies costs are the score.
public struct EvictionCompiler: Sendable {
    public var toolchain: Toolchain
    /// The level of the optimisation pipeline before codegen, and of llc.
    public var optimizationLevel: String
    public var timeout: Double
    /// Where optimised bitcode is kept between compiles (`<hash>.bc`).
    public var optimizedCache: URL
    public var backend: CompileBackend

    public init(toolchain: Toolchain, optimizationLevel: String = "O2", timeout: Double = 300, optimizedCache: URL,
                backend: CompileBackend = .local) {
        self.toolchain = toolchain
        self.optimizationLevel = optimizationLevel
        self.timeout = timeout
        self.optimizedCache = optimizedCache
        self.backend = backend
    }

    /// Where `collect --problem eviction` keeps a trace's per-function spill costs.
    public static func scoresURL(forTrace trace: URL) -> URL {
        trace.deletingPathExtension().appendingPathExtension("spill.json")
    }

    private func cacheURL(for bitcode: URL) throws -> URL {
        optimizedCache.appendingPathComponent("\(optimizationLevel)-\(try FileDigests.shared.digest(of: bitcode)).bc")
    }

    /// The cached optimised bitcode of `bitcode`, if made before.
    func cachedOptimized(_ bitcode: URL) -> URL? {
        guard let cached = try? cacheURL(for: bitcode), FileManager.default.fileExists(atPath: cached.path) else { return nil }
        return cached
    }

    private func store(_ optimized: Data, optimizing bitcode: URL) throws {
        let cached = try cacheURL(for: bitcode)
        try FileManager.default.createDirectory(at: optimizedCache, withIntermediateDirectories: true)
        let partial = optimizedCache.appendingPathComponent("\(UUID().uuidString).partial.bc")
        defer { try? FileManager.default.removeItem(at: partial) }
        try optimized.write(to: partial)
        // Renamed into place whole, so parallel compiles never read a partial file.
        if rename(partial.path, cached.path) != 0 && !FileManager.default.fileExists(atPath: cached.path) {
            throw MLGOError.unavailable(cached.path, "cannot store optimised bitcode")
        }
    }

    /// Compiles `bitcode` (pre-optimisation corpus bitcode) with `setup` and measures it, on `backend`.
    public func compile(bitcode: URL, setup: EvictionSetup, scratch: URL) throws -> EvictionOutcome {
        try compile(bitcode: bitcode, setups: [setup], scratch: scratch)[0]
    }

    /// The same under each of `setups` in turn, in one job (optimised once).
    public func compile(bitcode: URL, setups: [EvictionSetup], scratch: URL) throws -> [EvictionOutcome] {
        let (job, files) = try self.job(bitcode: bitcode, setups: setups)
        return try outcomes(of: job, backend.run(job, files: files, scratch: scratch), bitcode: bitcode, setups: setups)
    }

    /// The compile as a job that runs here or on a cluster worker: under each of `setups` in
    /// turn, `llc-22 -O2 -filetype=obj` with the plugin's eviction options and LLVM's regalloc
    /// remarks, on the optimised bitcode from the cache; when it is not cached yet, `opt-22`
    /// first (once), and the optimised bitcode comes back to be cached. `files` maps the
    /// inputs' hashes to files here.
    public func job(bitcode: URL, setups: [EvictionSetup]) throws -> (job: CompileJob, files: [String: URL]) {
        var job = CompileJob()
        var files: [String: URL] = [:]
        let optimized: String
        if let cached = cachedOptimized(bitcode) {
            optimized = try job.input("optimized", cached, files: &files)
        } else {
            let source = try job.input("source", bitcode, files: &files)
            optimized = job.output("optimized")
            job.commands.append(.init([toolchain.opt, "-passes=default<\(optimizationLevel)>", source, "-o", optimized], timeout: timeout))
        }
        for (index, setup) in setups.enumerated() {
            let plugin = setup.mode == .stock ? "" : try job.input("plugin", URL(fileURLWithPath: toolchain.plugin), files: &files)
            let policy = try setup.policy.map { try job.input("policy\(index)", $0, files: &files) }
            let decisions = try setup.decisions.map { try job.input("decisions\(index)", $0, files: &files) }
            let gate = try setup.gate.map { try job.input("gate\(index)", $0, files: &files) }
            let trace = setup.trace.map { _ in job.output("trace\(index)") }
            let object = job.output("object\(index)"), remarks = job.output("remarks\(index)")
            job.commands.append(.init([toolchain.llc] + setup.pluginArguments(plugin: plugin, policy: policy, trace: trace, decisions: decisions, gate: gate)
                + ["-\(optimizationLevel)", "-filetype=obj", "-pass-remarks-analysis=regalloc", "-pass-remarks-filter=regalloc|\(FunctionShape.remarkPass)",
                   "-pass-remarks-output=\(remarks)", optimized, "-o", object], timeout: timeout))
        }
        return (job, files)
    }

    /// What a job's results measure, one outcome a setup, in order: `.text`, llc's time and
    /// the spill costs; a trace goes to its setup's `trace` (when the compile wrote one) and
    /// new optimised bitcode to the cache.
    public func outcomes(of job: CompileJob, _ result: CompileJob.Result, bitcode: URL, setups: [EvictionSetup]) throws -> [EvictionOutcome] {
        try result.check(bitcode.lastPathComponent, commands: job.commands)
        if let optimized = result.outputs["optimized"] { try store(optimized, optimizing: bitcode) }
        let llcSteps = Array(result.steps.suffix(setups.count))
        return try setups.indices.map { index in
            if let trace = setups[index].trace { try result.write("trace\(index)", to: trace) }
            guard let object = result.outputs["object\(index)"] else {
                throw MLGOError.unavailable(bitcode.lastPathComponent, "llc wrote no object")
            }
            let text = String(decoding: result.outputs["remarks\(index)"] ?? Data(), as: UTF8.self)
            return EvictionOutcome(textSize: try ELFSections.textSize(ofObject: object, source: bitcode.lastPathComponent),
                                   seconds: llcSteps[index].seconds, functions: try SpillCost.byFunction(remarks: text),
                                   shapes: try FunctionShape.byFunction(remarks: text))
        }
    }
}

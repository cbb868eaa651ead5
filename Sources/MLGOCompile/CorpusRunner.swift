import Foundation
import MLGOCore

/// The outcome of compiling one corpus module under one inlining setup.
public struct ModuleRun: Sendable {
    public var module: String
    /// The `.text` size and time, or nil if the module failed twice.
    public var outcome: CompileOutcome?
    /// The trace the plugin wrote, if one was requested and written.
    public var trace: URL?
    /// Why the module failed (after its retry), if it did.
    public var failure: String?
    /// Attempts made: 1, or 2 after a retry.
    public var attempts: Int
}

/// Compiles every module of a corpus in parallel under a per-module inlining setup. A module
/// that fails is retried once, then reported; it never stops the others.
public struct CorpusRunner: Sendable {
    public var compiler: ModuleCompiler
    public var jobs: Int
    /// Folder for temporary objects.
    public var scratch: URL
    /// Where `mapJobs` runs compile jobs: nil for this machine's worker pool, else a Dask
    /// cluster, `batchSize` modules a task.
    public var cluster: ClusterClient?
    public var batchSize = 8

    public init(compiler: ModuleCompiler, jobs: Int = WorkerPool.defaultJobCount, scratch: URL) {
        self.compiler = compiler
        self.jobs = jobs
        self.scratch = scratch
    }

    /// Where a module's trace goes under `folder`: `<folder>/<module>.log`, keeping the module's
    /// subfolders (created here) so the name maps back to the module.
    public static func traceURL(for module: String, in folder: URL) -> URL {
        let url = folder.appendingPathComponent(module + ".log")
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// Where a module's object goes under `folder` when a run keeps objects: `<folder>/<module>.o`.
    public static func objectURL(for module: String, in folder: URL) -> URL {
        folder.appendingPathComponent(module + ".o")
    }

    /// Compiles `modules` (default: all) of `corpus`. With `objectFolder`, each module's object is
    /// kept at `objectURL(for:in:)` (for linking).
    public func run(_ corpus: Corpus, modules: [String]? = nil, objectFolder: URL? = nil,
                    progress: (@Sendable (Int, Int) -> Void)? = nil,
                    setup: @escaping @Sendable (String) -> InliningSetup) -> [ModuleRun] {
        let compiler = self.compiler
        let scratch = self.scratch
        let results = map(corpus, modules: modules, progress: progress) { module, bitcode -> (CompileOutcome, URL?) in
            let moduleSetup = setup(module)
            if let trace = moduleSetup.trace { try? FileManager.default.removeItem(at: trace) }
            let outcome = try compiler.compile(bitcode: bitcode, setup: moduleSetup, scratch: scratch,
                                               keepingObjectAt: objectFolder.map { Self.objectURL(for: module, in: $0) })
            // A module without a single inlining decision writes no trace.
            let trace = moduleSetup.trace.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
            return (outcome, trace)
        }
        return results.map { result in
            ModuleRun(module: result.module, outcome: result.outcome?.0, trace: result.outcome?.1,
                      failure: result.failure, attempts: result.attempts)
        }
    }

    /// Runs `compile` on each of `modules` (default: all) of `corpus` in parallel, for any
    /// problem's compile; a module whose compile throws is tried once more, then reported
    /// with its error while the others go on.
    public func map<Outcome: Sendable>(_ corpus: Corpus, modules: [String]? = nil,
                                       progress: (@Sendable (Int, Int) -> Void)? = nil,
                                       compile: @escaping @Sendable (_ module: String, _ bitcode: URL) throws -> Outcome)
        -> [ModuleResult<Outcome>]
    {
        let selected = modules ?? corpus.modules
        let results = WorkerPool.map(selected, jobs: jobs, progress: progress) { module -> ModuleResult<Outcome> in
            var lastError = ""
            for attempt in 1...2 {
                do {
                    return ModuleResult(module: module, outcome: try compile(module, corpus.bitcodeURL(module)),
                                        failure: nil, attempts: attempt)
                } catch {
                    lastError = "\(error)"
                }
            }
            return ModuleResult(module: module, outcome: nil, failure: lastError, attempts: 2)
        }
        return zip(selected, results).map { module, result in
            // The body catches compile errors itself; anything else still names its module.
            (try? result.get()) ?? ModuleResult(module: module, outcome: nil, failure: "worker failed", attempts: 0)
        }
    }
}

extension CorpusRunner {
    /// Like `map`, for a compile given as a job (`job`) and the reading of its results
    /// (`outcome`, always on this machine): here the jobs run on the worker pool, one module
    /// at a time; with a cluster, `batchSize` modules a task, `jobs` tasks per cluster worker
    /// in flight. A batch the cluster cannot run is tried once more; a module that fails is
    /// tried once more alone; then it is reported while the others go on. The same jobs give
    /// the same bytes on either side.
    public func mapJobs<Outcome: Sendable>(
        _ corpus: Corpus, modules: [String]? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil,
        job: @escaping @Sendable (_ module: String, _ bitcode: URL) throws -> (job: CompileJob, files: [String: URL]),
        outcome: @escaping @Sendable (_ module: String, _ bitcode: URL, CompileJob, CompileJob.Result) throws -> Outcome
    ) -> [ModuleResult<Outcome>] {
        let scratch = self.scratch
        guard let cluster else {
            return map(corpus, modules: modules, progress: progress) { module, bitcode in
                let (compileJob, files) = try job(module, bitcode)
                return try outcome(module, bitcode, compileJob, compileJob.run(files: files, scratch: scratch))
            }
        }
        let selected = modules ?? corpus.modules
        let batches = stride(from: 0, to: selected.count, by: max(1, batchSize)).map { Array(selected[$0..<min($0 + max(1, batchSize), selected.count)]) }
        let done = ProgressCount()
        /// One task; per module its outcome or error (an error for all if the task failed).
        @Sendable func runBatch(_ batch: [String]) -> [Result<Outcome, Error>] {
            var prepared: [(module: String, bitcode: URL, job: CompileJob)] = []
            var files: [String: URL] = [:]
            var results = [Result<Outcome, Error>?](repeating: nil, count: batch.count)
            var slots: [Int] = []
            for (index, module) in batch.enumerated() {
                let bitcode = corpus.bitcodeURL(module)
                do {
                    let (compileJob, jobFiles) = try job(module, bitcode)
                    prepared.append((module, bitcode, compileJob))
                    files.merge(jobFiles) { first, _ in first }
                    slots.append(index)
                } catch {
                    results[index] = .failure(error)
                }
            }
            if !prepared.isEmpty {
                var answers: [CompileJob.Result]?
                var lastError: Error?
                for _ in 1...2 where answers == nil {
                    do { answers = try cluster.run(prepared.map(\.job), files: files) } catch { lastError = error }
                }
                for (position, slot) in slots.enumerated() {
                    let entry = prepared[position]
                    results[slot] = answers.map { answers in
                        Result { try outcome(entry.module, entry.bitcode, entry.job, answers[position]) }
                    } ?? .failure(lastError!)
                }
            }
            return results.map { $0! }
        }
        let perBatch = WorkerPool.map(batches, jobs: max(1, jobs * cluster.workers)) { batch -> [Result<Outcome, Error>] in
            var results = runBatch(batch)
            // A module that failed is tried once more, alone.
            for (index, result) in results.enumerated() {
                if case .failure = result { results[index] = runBatch([batch[index]])[0] }
            }
            let finished = done.add(batch.count)
            progress?(finished, selected.count)
            return results
        }
        var results: [ModuleResult<Outcome>] = []
        for (batch, outcome) in zip(batches, perBatch) {
            let moduleResults = (try? outcome.get()) ?? batch.map { _ in .failure(MLGOError.unavailable("cluster", "worker failed")) }
            for (module, result) in zip(batch, moduleResults) {
                switch result {
                case .success(let value): results.append(ModuleResult(module: module, outcome: value, failure: nil, attempts: 1))
                case .failure(let error): results.append(ModuleResult(module: module, outcome: nil, failure: "\(error)", attempts: 2))
                }
            }
        }
        return results
    }
}

private final class ProgressCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ amount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += amount
        return count
    }
}

/// One module's result from `CorpusRunner.map`.
public struct ModuleResult<Outcome: Sendable>: Sendable {
    public var module: String
    /// Nil when the compile failed twice.
    public var outcome: Outcome?
    public var failure: String?
    public var attempts: Int
}

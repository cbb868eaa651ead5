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
    /// Compiles in flight: the cores here, more on a cluster (CompileBackend.parallelCompiles).
    public var jobs: Int
    /// Folder for temporary objects.
    public var scratch: URL

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
                    setup: @escaping @Sendable (String) -> InliningSetup) throws -> [ModuleRun] {
        let compiler = self.compiler.inPhase(corpus.phase)  // a corpus says how its modules compile
        let scratch = self.scratch
        let results = try map(corpus, modules: modules, progress: progress) { module, bitcode -> (CompileOutcome, URL?) in
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
    /// with its error while the others go on. Throws if the backend's cluster went away
    /// (CompileBackend.checkAvailable): then failures are not the modules' own.
    public func map<Outcome: Sendable>(_ corpus: Corpus, modules: [String]? = nil,
                                       progress: (@Sendable (Int, Int) -> Void)? = nil,
                                       compile: @escaping @Sendable (_ module: String, _ bitcode: URL) throws -> Outcome)
        throws -> [ModuleResult<Outcome>]
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
        try compiler.backend.checkAvailable()
        return zip(selected, results).map { module, result in
            // The body catches compile errors itself; anything else still names its module.
            (try? result.get()) ?? ModuleResult(module: module, outcome: nil, failure: "worker failed", attempts: 0)
        }
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

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
        let selected = modules ?? corpus.modules
        let compiler = self.compiler
        let scratch = self.scratch
        let results = WorkerPool.map(selected, jobs: jobs, progress: progress) { module -> ModuleRun in
            let moduleSetup = setup(module)
            var lastError = ""
            for attempt in 1...2 {
                if let trace = moduleSetup.trace { try? FileManager.default.removeItem(at: trace) }
                do {
                    let outcome = try compiler.compile(
                        bitcode: corpus.bitcodeURL(module), setup: moduleSetup, scratch: scratch,
                        keepingObjectAt: objectFolder.map { Self.objectURL(for: module, in: $0) })
                    if let trace = moduleSetup.trace, !FileManager.default.fileExists(atPath: trace.path) {
                        // A module without a single inlining decision writes no trace.
                        return ModuleRun(module: module, outcome: outcome, trace: nil, failure: nil, attempts: attempt)
                    }
                    return ModuleRun(module: module, outcome: outcome, trace: moduleSetup.trace, failure: nil,
                                     attempts: attempt)
                } catch {
                    lastError = "\(error)"
                }
            }
            return ModuleRun(module: module, outcome: nil, trace: nil, failure: lastError, attempts: 2)
        }
        return zip(selected, results).map { module, result in
            // The body catches compile errors itself; anything else still names its module.
            (try? result.get()) ?? ModuleRun(module: module, outcome: nil, trace: nil, failure: "worker failed", attempts: 0)
        }
    }
}

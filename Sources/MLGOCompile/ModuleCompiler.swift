import Foundation
import MLGOCore

/// The measured result of compiling one module.
public struct CompileOutcome: Sendable, Equatable {
    /// Bytes of `.text` (and `.text.*`) in the object file.
    public var textSize: Int
    /// Wall seconds of opt + llc.
    public var seconds: Double
}

/// Compiles one bitcode module the way the size experiments do:
/// `opt-22 [plugin] -passes='default<Oz>'` then `llc-22 -O2 -filetype=obj`, and reads the
/// object's `.text` size. Modules of an LTO corpus compile with their phase's pipeline instead
/// (`thinlto<O2>`, `lto<O2>`, position-independent: CompilePhase). The compile is a CompileJob
/// run by `backend`: here, or on a cluster.
public struct ModuleCompiler: Sendable {
    public var toolchain: Toolchain
    /// The pipeline level: Oz, Os, O2...
    public var optimizationLevel: String
    /// Where in the build the modules are optimised: per module, or at link time (their
    /// corpus's `phase`).
    public var phase: CompilePhase = .module
    public var timeout: Double
    /// llc's `-relocation-model` (`pic` for objects linked into shared libraries); nil keeps
    /// the phase's default: llc's static model for per-module numbers, `pic` at link time.
    public var relocationModel: String?

    /// opt's pipeline for these modules.
    public var passes: String { phase.passes(level: optimizationLevel) }
    /// llc's relocation model in effect (nil: llc's static default).
    public var effectiveRelocationModel: String? { relocationModel ?? phase.defaultRelocationModel }

    /// This compiler for modules of `phase`.
    public func inPhase(_ phase: CompilePhase) -> ModuleCompiler {
        var compiler = self
        compiler.phase = phase
        return compiler
    }
    /// When set, llc is skipped for optimized bitcode it has already compiled (and no object
    /// is asked for). On this machine only: on a cluster, opt and llc run in one task, and
    /// bringing the optimised bitcode back to look it up would cost more than llc.
    public var objectSizes: ObjectSizeCache?
    public var backend: CompileBackend

    public init(toolchain: Toolchain, optimizationLevel: String = "Oz", timeout: Double = 300,
                relocationModel: String? = nil, objectSizes: ObjectSizeCache? = nil, backend: CompileBackend = .local) {
        self.toolchain = toolchain
        self.optimizationLevel = optimizationLevel
        self.timeout = timeout
        self.relocationModel = relocationModel
        self.objectSizes = objectSizes
        self.backend = backend
    }

    /// Compiles and measures `bitcode`; a trace or decision record the setup asks for is
    /// written where it says (and removed when the plugin wrote none: a module without a
    /// single inlining decision). The object is deleted, unless `keptObject` names where to
    /// keep it (for linking).
    public func compile(bitcode: URL, setup: InliningSetup, scratch: URL,
                        keepingObjectAt keptObject: URL? = nil) throws -> CompileOutcome {
        if let objectSizes, keptObject == nil, backend.cluster == nil {
            return try compileSkippingKnownObjects(bitcode: bitcode, setup: setup, scratch: scratch, objectSizes: objectSizes)
        }
        let (job, files) = try self.job(bitcode: bitcode, setup: setup)
        return try outcome(of: job, backend.run(job, files: files, scratch: scratch), bitcode: bitcode, setup: setup,
                           keepingObjectAt: keptObject)
    }

    /// The compile as a job: opt with the plugin's inlining options, then llc, whose object
    /// comes back. `files` maps the inputs' hashes to files here.
    public func job(bitcode: URL, setup: InliningSetup) throws -> (job: CompileJob, files: [String: URL]) {
        var (job, files) = try optimizingJob(bitcode: bitcode, setup: setup, returningOptimized: false)
        job.commands.append(.init([toolchain.llc] + llcArguments(input: Self.optimizedInJob, object: job.output("object")),
                                  timeout: timeout))
        return (job, files)
    }

    /// Where opt writes in a whole compile: a file of the job's own, never brought back.
    private static let optimizedInJob = "@tmp:optimized.bc@"

    /// The job's first half: opt alone, writing to `optimizedInJob`, or to output `optimized`.
    private func optimizingJob(bitcode: URL, setup: InliningSetup, returningOptimized: Bool) throws
        -> (job: CompileJob, files: [String: URL])
    {
        var job = CompileJob()
        var files: [String: URL] = [:]
        let source = try job.input("source", bitcode, files: &files)
        let plugin = try optArguments(setup: setup, job: &job, files: &files)
        let optimized = returningOptimized ? job.output("optimized") : Self.optimizedInJob
        // opt's target machine must know the relocation model too: some IR passes depend on it
        // (lookup tables become relative ones in position-independent code, as in clang and lld).
        let relocation = effectiveRelocationModel.map { ["-relocation-model=\($0)"] } ?? []
        job.commands.append(.init([toolchain.opt] + plugin + relocation + ["-passes=\(passes)", source, "-o", optimized],
                                  timeout: timeout))
        return (job, files)
    }

    /// The plugin's options for `setup`, its files the job's inputs and outputs.
    private func optArguments(setup: InliningSetup, job: inout CompileJob, files: inout [String: URL]) throws -> [String] {
        guard setup.mode != .stock else { return setup.pluginArguments(plugin: "") }
        let plugin = try job.input("plugin", URL(fileURLWithPath: toolchain.plugin), files: &files)
        let policy = try setup.policy.map { try job.input("policy", $0, files: &files) }
        let decisions = try setup.decisions.map { try job.input("decisions", $0, files: &files) }
        let trace = setup.trace.map { _ in job.output("trace") }, record = setup.record.map { _ in job.output("record") }
        return setup.pluginArguments(plugin: plugin, policy: policy, trace: trace, decisions: decisions, record: record)
    }

    private func llcArguments(input: String, object: String) -> [String] {
        ["-O2"] + (effectiveRelocationModel.map { ["-relocation-model=\($0)"] } ?? [])
            + phase.codeGenerationArguments + ["-filetype=obj", input, "-o", object]
    }

    /// What a job's results measure; the trace and record go where `setup` says.
    public func outcome(of job: CompileJob, _ result: CompileJob.Result, bitcode: URL, setup: InliningSetup,
                        keepingObjectAt keptObject: URL? = nil) throws -> CompileOutcome {
        try result.check(bitcode.lastPathComponent, commands: job.commands)
        try writeRecords(of: job, result, setup: setup)
        guard let object = result.outputs["object"] else { throw MLGOError.unavailable(bitcode.lastPathComponent, "llc wrote no object") }
        if let keptObject {
            try FileManager.default.createDirectory(at: keptObject.deletingLastPathComponent(), withIntermediateDirectories: true)
            try object.write(to: keptObject, options: .atomic)
        }
        return CompileOutcome(textSize: try ELFSections.textSize(ofObject: object, source: bitcode.lastPathComponent),
                              seconds: result.seconds)
    }

    /// Writes the trace and decision record the job brought back where `setup` says.
    private func writeRecords(of job: CompileJob, _ result: CompileJob.Result, setup: InliningSetup) throws {
        for (name, destination) in [("trace", setup.trace), ("record", setup.record)] {
            guard let destination, job.outputs.contains(name) else { continue }
            if try !result.write(name, to: destination) { try? FileManager.default.removeItem(at: destination) }
        }
    }

    /// The job's two commands run apart, here: opt, then llc only when `objectSizes` does not
    /// know the optimised bitcode.
    private func compileSkippingKnownObjects(bitcode: URL, setup: InliningSetup, scratch: URL,
                                             objectSizes: ObjectSizeCache) throws -> CompileOutcome {
        let (optimizing, files) = try optimizingJob(bitcode: bitcode, setup: setup, returningOptimized: true)
        let optimizingResult = try optimizing.run(files: files, scratch: scratch)
        try optimizingResult.check(bitcode.lastPathComponent, commands: optimizing.commands)
        guard let optimizedBitcode = optimizingResult.outputs["optimized"] else {
            throw MLGOError.unavailable(bitcode.lastPathComponent, "opt wrote no bitcode")
        }
        let digest = SHA256.hexDigest(optimizedBitcode)
        // llc's options are part of the key: one run may compile modules of several phases.
        let sizeKey = digest + "|" + (llcArguments(input: "", object: "")).joined(separator: " ")
        if let size = objectSizes.textSize(forOptimizedBitcode: sizeKey) {
            try writeRecords(of: optimizing, optimizingResult, setup: setup)
            return CompileOutcome(textSize: size, seconds: optimizingResult.seconds)
        }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let optimized = scratch.appendingPathComponent("\(UUID().uuidString).bc")
        defer { try? FileManager.default.removeItem(at: optimized) }
        try optimizedBitcode.write(to: optimized)
        var whole = optimizing
        whole.inputs["optimized"] = digest  // hashed above already
        whole.commands.append(.init([toolchain.llc] + llcArguments(input: "@in:optimized@", object: whole.output("object")),
                                    timeout: timeout))
        var compiling = whole
        compiling.commands = [whole.commands[1]]
        let compilingResult = try compiling.run(files: files.merging([digest: optimized]) { first, _ in first }, scratch: scratch)
        var both = optimizingResult
        both.steps += compilingResult.steps
        both.outputs.merge(compilingResult.outputs) { first, _ in first }
        let outcome = try self.outcome(of: whole, both, bitcode: bitcode, setup: setup)
        objectSizes.store(outcome.textSize, forOptimizedBitcode: sizeKey)
        return outcome
    }
}

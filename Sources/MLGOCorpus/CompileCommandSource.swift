import Foundation
import MLGOCompile
import MLGOCore

/// Extraction jobs that replay a compile_commands.json with clang-22, capturing the module's
/// pre-optimisation bitcode (`-Xclang -disable-llvm-passes -emit-llvm -c`).
public struct CompileCommandSource: Sendable {
    public var clang: String
    /// Replaces the recorded -O level (e.g. "Oz") if set. A build recorded at -O0 needs this:
    /// at -O0 clang marks every function optnone/noinline, leaving the inliner nothing to do.
    public var optimizationLevel: String?
    /// `OLD=NEW` pairs passed as -ffile-prefix-map, so paths baked into the bitcode (__FILE__)
    /// do not depend on where the build ran.
    public var prefixMaps: [String]
    public var timeout: Double

    public init(clang: String, optimizationLevel: String? = nil, prefixMaps: [String] = [], timeout: Double = 300) {
        self.clang = clang
        self.optimizationLevel = optimizationLevel
        self.prefixMaps = prefixMaps
        self.timeout = timeout
    }

    /// Jobs for every compile in the database, and the entries skipped. Module names are output
    /// objects relative to `buildDirectory` (default: the database's folder).
    public func jobs(database: URL, buildDirectory: URL? = nil) throws -> ([ExtractionJob], [SkippedEntry]) {
        let entries = try CompileCommandEntry.load(from: database)
        let root = (buildDirectory ?? database.deletingLastPathComponent()).standardizedFileURL.path
        let (compiles, skipped) = CompilePlanner.plan(entries, buildDirectory: root)
        return (compiles.map(job), skipped)
    }

    func job(_ compile: PlannedCompile) -> ExtractionJob {
        let clang = self.clang
        let flags = ClangArguments.withOptimizationLevel(compile.flags, optimizationLevel)
        let prefixMaps = self.prefixMaps.map { "-ffile-prefix-map=" + $0 }
        let timeout = self.timeout
        return ExtractionJob(module: compile.module) { bitcode, command in
            guard FileManager.default.fileExists(atPath: compile.source) else {
                throw MLGOError.unavailable(compile.source, "source file is missing")
            }
            // The input relative to the compile's folder: the bitcode's source_filename then
            // does not depend on where the build tree lives.
            let input = PathUtilities.relative(compile.source, to: PathUtilities.absolute(compile.directory, base: "/"))
            let language = compile.cxxDriver && !flags.contains("-x") ? ["-x", "c++"] : []
            let arguments = flags + prefixMaps + language
                + ["-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", input, "-o", bitcode.path]
            let result = try ProcessRunner.run(clang, arguments, timeout: timeout,
                                               workingDirectory: URL(fileURLWithPath: compile.directory))
            guard result.succeeded else {
                throw MLGOError.commandFailed("clang-22 \(compile.source)", result.timedOut ? "timed out after \(Int(timeout)) s"
                    : Self.firstErrors(result.standardError))
            }
            let recorded = ClangArguments.withoutLanguage(flags) + ["-c"]
            try Data(recorded.joined(separator: "\0").utf8).write(to: command)
        }
    }

    /// The first error lines of a compiler's output, for a one-line failure reason.
    static func firstErrors(_ text: String) -> String {
        let lines = text.split(separator: "\n")
        let errors = lines.filter { $0.contains("error") }
        return (errors.isEmpty ? lines : errors).prefix(3).joined(separator: " | ")
    }
}

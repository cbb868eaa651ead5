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

    public var total: SpillCost { functions.values.reduce(SpillCost(), +) }
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

    public init(toolchain: Toolchain, optimizationLevel: String = "O2", timeout: Double = 300, optimizedCache: URL) {
        self.toolchain = toolchain
        self.optimizationLevel = optimizationLevel
        self.timeout = timeout
        self.optimizedCache = optimizedCache
    }

    /// Where `collect --problem eviction` keeps a trace's per-function spill costs.
    public static func scoresURL(forTrace trace: URL) -> URL {
        trace.deletingPathExtension().appendingPathExtension("spill.json")
    }

    /// The optimised bitcode of `bitcode`, from the cache or made now.
    public func optimized(_ bitcode: URL) throws -> URL {
        let digest = SHA256.hexDigest(try Data(contentsOf: bitcode))
        let cached = optimizedCache.appendingPathComponent("\(optimizationLevel)-\(digest).bc")
        if FileManager.default.fileExists(atPath: cached.path) { return cached }
        try FileManager.default.createDirectory(at: optimizedCache, withIntermediateDirectories: true)
        let partial = optimizedCache.appendingPathComponent("\(UUID().uuidString).partial.bc")
        defer { try? FileManager.default.removeItem(at: partial) }
        let result = try ProcessRunner.run(toolchain.opt, ["-passes=default<\(optimizationLevel)>", bitcode.path, "-o", partial.path],
                                           timeout: timeout)
        try result.check("opt on \(bitcode.lastPathComponent)", timeout: timeout)
        // Renamed into place whole, so parallel compiles never read a partial file.
        if rename(partial.path, cached.path) != 0 && !FileManager.default.fileExists(atPath: cached.path) {
            throw MLGOError.unavailable(cached.path, "cannot store optimised bitcode")
        }
        return cached
    }

    /// Compiles `bitcode` (pre-optimisation corpus bitcode) with `setup` and measures it.
    public func compile(bitcode: URL, setup: EvictionSetup, scratch: URL) throws -> EvictionOutcome {
        let input = try optimized(bitcode)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let token = UUID().uuidString
        let object = scratch.appendingPathComponent("\(token).o")
        let remarks = scratch.appendingPathComponent("\(token).yaml")
        defer {
            try? FileManager.default.removeItem(at: object)
            try? FileManager.default.removeItem(at: remarks)
        }
        let arguments = setup.pluginArguments(plugin: toolchain.plugin)
            + ["-\(optimizationLevel)", "-filetype=obj", "-pass-remarks-analysis=regalloc", "-pass-remarks-filter=regalloc",
               "-pass-remarks-output=\(remarks.path)", input.path, "-o", object.path]
        let result = try ProcessRunner.run(toolchain.llc, arguments, timeout: timeout)
        try result.check("llc on \(bitcode.lastPathComponent)", timeout: timeout)
        let text = (try? String(contentsOf: remarks, encoding: .utf8)) ?? ""
        return EvictionOutcome(textSize: try ELFSections.textSize(ofObjectAt: object), seconds: result.seconds,
                               functions: try SpillCost.byFunction(remarks: text))
    }
}

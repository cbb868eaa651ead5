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
/// object's `.text` size.
public struct ModuleCompiler: Sendable {
    public var toolchain: Toolchain
    /// The pipeline level: Oz, Os, O2...
    public var optimizationLevel: String
    public var timeout: Double
    /// When set, llc is skipped for optimized bitcode it has already compiled.
    public var objectSizes: ObjectSizeCache?

    public init(toolchain: Toolchain, optimizationLevel: String = "Oz", timeout: Double = 300,
                objectSizes: ObjectSizeCache? = nil) {
        self.toolchain = toolchain
        self.optimizationLevel = optimizationLevel
        self.timeout = timeout
        self.objectSizes = objectSizes
    }

    public func compile(bitcode: URL, setup: InliningSetup, scratch: URL) throws -> CompileOutcome {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let token = UUID().uuidString
        let optimized = scratch.appendingPathComponent("\(token).bc")
        let object = scratch.appendingPathComponent("\(token).o")
        defer {
            try? FileManager.default.removeItem(at: optimized)
            try? FileManager.default.removeItem(at: object)
        }
        let optArguments = setup.pluginArguments(plugin: toolchain.plugin)
            + ["-passes=default<\(optimizationLevel)>", bitcode.path, "-o", optimized.path]
        let optResult = try ProcessRunner.run(toolchain.opt, optArguments, timeout: timeout)
        try check(optResult, tool: "opt", module: bitcode)
        let digest = try objectSizes.map { _ in SHA256.hexDigest(try Data(contentsOf: optimized)) }
        if let digest, let size = objectSizes?.textSize(forOptimizedBitcode: digest) {
            return CompileOutcome(textSize: size, seconds: optResult.seconds)
        }
        let llcResult = try ProcessRunner.run(
            toolchain.llc, ["-O2", "-filetype=obj", optimized.path, "-o", object.path], timeout: timeout)
        try check(llcResult, tool: "llc", module: bitcode)
        let textSize = try ELFSections.textSize(ofObjectAt: object)
        if let digest { objectSizes?.store(textSize, forOptimizedBitcode: digest) }
        return CompileOutcome(textSize: textSize, seconds: optResult.seconds + llcResult.seconds)
    }

    private func check(_ result: ProcessResult, tool: String, module: URL) throws {
        if result.timedOut {
            throw MLGOError.commandFailed("\(tool) on \(module.lastPathComponent)", "timed out after \(Int(timeout)) s")
        }
        if result.exitCode != 0 {
            let message = result.standardError.split(separator: "\n").prefix(5).joined(separator: " | ")
            throw MLGOError.commandFailed("\(tool) on \(module.lastPathComponent)",
                                          "exit \(result.exitCode): \(message)")
        }
    }
}

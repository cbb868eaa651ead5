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
    /// llc's `-relocation-model` (`pic` for objects linked into shared libraries); nil keeps
    /// llc's default (static), which the per-module `.text` numbers use.
    public var relocationModel: String?
    /// When set, llc is skipped for optimized bitcode it has already compiled (and no object
    /// is asked for).
    public var objectSizes: ObjectSizeCache?

    public init(toolchain: Toolchain, optimizationLevel: String = "Oz", timeout: Double = 300,
                relocationModel: String? = nil, objectSizes: ObjectSizeCache? = nil) {
        self.toolchain = toolchain
        self.optimizationLevel = optimizationLevel
        self.timeout = timeout
        self.relocationModel = relocationModel
        self.objectSizes = objectSizes
    }

    /// Compiles and measures `bitcode`. The object is deleted, unless `keptObject` names where
    /// to keep it (for linking).
    public func compile(bitcode: URL, setup: InliningSetup, scratch: URL,
                        keepingObjectAt keptObject: URL? = nil) throws -> CompileOutcome {
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
        try optResult.check("opt on \(bitcode.lastPathComponent)", timeout: timeout)
        let sizeCache = keptObject == nil ? objectSizes : nil
        let digest = try sizeCache.map { _ in SHA256.hexDigest(try Data(contentsOf: optimized)) }
        if let digest, let size = sizeCache?.textSize(forOptimizedBitcode: digest) {
            return CompileOutcome(textSize: size, seconds: optResult.seconds)
        }
        let relocation = relocationModel.map { ["-relocation-model=\($0)"] } ?? []
        let llcResult = try ProcessRunner.run(
            toolchain.llc, ["-O2"] + relocation + ["-filetype=obj", optimized.path, "-o", object.path], timeout: timeout)
        try llcResult.check("llc on \(bitcode.lastPathComponent)", timeout: timeout)
        let outcome = CompileOutcome(textSize: try ELFSections.textSize(ofObjectAt: object),
                                     seconds: optResult.seconds + llcResult.seconds)
        if let digest { sizeCache?.store(outcome.textSize, forOptimizedBitcode: digest) }
        if let keptObject { try Self.move(object, to: keptObject) }
        return outcome
    }

    private static func move(_ object: URL, to destination: URL) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? fileManager.removeItem(at: destination)
        try fileManager.moveItem(at: object, to: destination)
    }
}

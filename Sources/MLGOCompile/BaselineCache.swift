import Foundation
import Logging
import MLGOCore

/// Measures of modules under LLVM's own decisions (`.text` sizes for inlining, weighted spill
/// costs for eviction), cached on disk by module content, LLVM version and compile flags (the
/// key says which), so a training run compiles each baseline once and a re-run not at all.
/// Safe to use from worker threads.
public final class BaselineCache: @unchecked Sendable {
    private let file: URL
    private let lock = NSLock()
    /// Doubles hold every size exactly; files written when sizes were stored as integers read the same.
    private var entries: [String: Double]
    private var unsaved = 0

    /// Loads `file` if it exists; a corrupt cache is reported to `logger` and started afresh
    /// (it only costs recompiles).
    public init(file: URL, logger: Logger) {
        self.file = file
        if let data = FileManager.default.contents(atPath: file.path) {
            if let decoded = try? JSONDecoder().decode([String: Double].self, from: data) {
                entries = decoded
            } else {
                logger.warning("\(file.path): unreadable baseline cache, starting a new one")
                entries = [:]
            }
        } else {
            entries = [:]
        }
    }

    /// The cache key of a module compiled by `compiler`.
    public static func key(bitcode: URL, compiler: ModuleCompiler, llvmVersion: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: bitcode.path) else {
            throw MLGOError.unavailable(bitcode.path, "cannot read module")
        }
        return "\(SHA256.hexDigest(data))|llvm \(llvmVersion)|\(compiler.passes)|llc -O2"
            + (compiler.effectiveRelocationModel.map { " -relocation-model=\($0)" } ?? "")
            + compiler.phase.codeGenerationArguments.map { " " + $0 }.joined()
    }

    public func textSize(forKey key: String) -> Int? {
        value(forKey: key).flatMap { Int(exactly: $0) }
    }

    public func store(_ size: Int, forKey key: String) {
        store(value: Double(size), forKey: key)
    }

    public func value(forKey key: String) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    public func store(value: Double, forKey key: String) {
        lock.lock()
        entries[key] = value
        unsaved += 1
        lock.unlock()
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// Writes the cache atomically.
    public func save() throws {
        lock.lock()
        let snapshot = entries
        unsaved = 0
        lock.unlock()
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(snapshot).write(to: file, options: .atomic)
    }
}

extension Toolchain {
    /// The LLVM version string of `opt` (e.g. "22.1.8"), for cache keys.
    public func llvmVersion() -> String {
        let config = URL(fileURLWithPath: opt).deletingLastPathComponent().appendingPathComponent("llvm-config").path
        guard let result = try? ProcessRunner.run(config, ["--version"], standardOutput: .captured), result.succeeded
        else { return "unknown" }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
import MLGOCompile
import MLGOCore

/// Counts of one module's IR, read from `llvm-dis-22` text: defined functions and callsites
/// (call/invoke/callbr instructions, not counting calls of LLVM intrinsics, which are never
/// inlined). Text is simpler and steadier across LLVM versions than an analysis printer.
public struct ModuleCounts: Sendable, Equatable, Codable {
    public var functions: Int
    public var callsites: Int

    public init(functions: Int, callsites: Int) {
        self.functions = functions
        self.callsites = callsites
    }

    public static func count(bitcode: URL, dis: String, scratch: URL, timeout: Double = 120) throws -> ModuleCounts {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let text = scratch.appendingPathComponent(UUID().uuidString + ".ll")
        defer { try? FileManager.default.removeItem(at: text) }
        let result = try ProcessRunner.run(dis, [bitcode.path, "-o", text.path], timeout: timeout)
        guard result.succeeded else {
            throw MLGOError.commandFailed("llvm-dis-22 \(bitcode.lastPathComponent)",
                                          result.timedOut ? "timed out" : CompileCommandSource.firstErrors(result.standardError))
        }
        guard let data = FileManager.default.contents(atPath: text.path) else {
            throw MLGOError.unavailable(text.path, "llvm-dis-22 wrote no output")
        }
        return count(ir: String(decoding: data, as: UTF8.self))
    }

    public static func count(ir: String) -> ModuleCounts {
        var functions = 0
        var callsites = 0
        for line in ir.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("define ") {
                functions += 1
                continue
            }
            // Instructions are indented; declarations, metadata and globals are not.
            guard line.hasPrefix("  ") else { continue }
            let isCall = line.contains(" call ") || line.contains(" invoke ") || line.contains(" callbr ")
                || line.hasPrefix("  call ") || line.hasPrefix("  invoke ") || line.hasPrefix("  callbr ")
            if isCall, !line.contains("@llvm.") { callsites += 1 }
        }
        return ModuleCounts(functions: functions, callsites: callsites)
    }
}

import Foundation
import MLGOCompile
import MLGOCore

/// The LLVM 22 tools that corpus work needs. Unlike `Toolchain.locate` it does not need the
/// MLGO plugin: extracting, measuring and validating corpora never load it.
public struct CorpusTools: Sendable {
    public var clang: String
    public var opt: String
    public var llc: String
    public var objcopy: String
    public var dis: String

    /// Finds the tools in `prefix/bin` (default `$LLVM_PREFIX`, else /usr/lib/llvm-22). A missing
    /// tool is an error naming it and the Debian package that provides it.
    public static func locate(prefix: String? = nil) throws -> CorpusTools {
        let root = prefix ?? ProcessInfo.processInfo.environment["LLVM_PREFIX"] ?? "/usr/lib/llvm-22"
        func find(_ tool: String, _ package: String) throws -> String {
            let path = "\(root)/bin/\(tool)"
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw MLGOError.unavailable(path, "LLVM 22's \(tool) is missing (Debian package \(package)); "
                    + "run tools/setup.sh, or set LLVM_PREFIX to an LLVM 22 installation")
            }
            return path
        }
        return CorpusTools(clang: try find("clang", "clang-22"), opt: try find("opt", "llvm-22"),
                           llc: try find("llc", "llvm-22"), objcopy: try find("llvm-objcopy", "llvm-22"),
                           dis: try find("llvm-dis", "llvm-22"))
    }

    /// A Toolchain for ModuleCompiler. Stock (-Oz heuristic) compiles never use the plugin.
    public var stockToolchain: Toolchain { Toolchain(opt: opt, llc: llc, clang: clang, plugin: "") }
}

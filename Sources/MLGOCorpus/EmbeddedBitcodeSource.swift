import Foundation
import MLGOCompile
import MLGOCore

/// Extraction jobs for object files built with `-Xclang -fembed-bitcode=all`: the `.llvmbc`
/// section holds the pre-optimisation bitcode and `.llvmcmd` the cc1 command (NUL-separated),
/// as ml-compiler-opt's extract_ir reads them. Modules are named by the object's path relative
/// to the folder searched (`src/a.o`), as extract_ir names them.
public struct EmbeddedBitcodeSource: Sendable {
    public var objcopy: String
    public var timeout: Double

    public init(objcopy: String, timeout: Double = 120) {
        self.objcopy = objcopy
        self.timeout = timeout
    }

    /// Jobs for every `*.o` under `folder`.
    public func jobs(objectsIn folder: URL) throws -> [ExtractionJob] {
        let objects = try FileFinder.files(under: folder, withSuffix: ".o")
        guard !objects.isEmpty else { throw MLGOError.unavailable(folder.path, "no .o files found") }
        return objects.map { job(object: folder.appendingPathComponent($0), module: $0) }
    }

    func job(object: URL, module: String) -> ExtractionJob {
        let objcopy = self.objcopy
        let timeout = self.timeout
        return ExtractionJob(module: module) { bitcode, command in
            let result = try ProcessRunner.run(objcopy, [
                "--dump-section=.llvmbc=\(bitcode.path)", "--dump-section=.llvmcmd=\(command.path)",
                object.path, "/dev/null",
            ], timeout: timeout)
            guard result.succeeded else {
                let reason = result.standardError.contains("not found")
                    ? "no .llvmbc/.llvmcmd section (build with -Xclang -fembed-bitcode=all)"
                    : CompileCommandSource.firstErrors(result.standardError)
                throw MLGOError.commandFailed("llvm-objcopy-22 \(object.path)", reason)
            }
        }
    }
}

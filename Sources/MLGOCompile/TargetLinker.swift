import Foundation
import MLGOCore

/// Links a project's program or shared library from compiled module objects with LLVM 22's
/// clang driver (the system linker, no LTO, no --gc-sections) and reads the linked `.text`.
///
/// Executables link with `-no-pie`: ModuleCompiler's per-module objects use llc's default static
/// relocation model, which a PIE cannot hold. Objects of an LTO corpus are position-independent
/// and link as lld links them in a (Thin)LTO build (`likeLTO`): with lld, executables as PIEs.
/// Shared libraries need objects compiled with
/// `relocationModel = "pic"` and link with `-Bsymbolic`, because modules compiled without
/// -fPIC refer to their own exported symbols directly (dso_local), which a shared object allows
/// only when those symbols bind locally; it changes no `.text` byte count.
public struct TargetLinker: Sendable {
    public var toolchain: Toolchain
    public var timeout: Double

    public init(toolchain: Toolchain, timeout: Double = 300) {
        self.toolchain = toolchain
        self.timeout = timeout
    }

    /// Links `target` from `objects` (its `modules`) and `members` (its `archive`, packed into a
    /// static archive next to `output`); returns the linked `.text` bytes. `likeLTO` links with
    /// lld, executables as PIEs.
    public func link(_ target: LinkTarget, objects: [URL], members: [URL], output: URL,
                     likeLTO: Bool = false) throws -> Int {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? fileManager.removeItem(at: output)
        var archive: [String] = []
        if !members.isEmpty {
            let archiveURL = output.appendingPathExtension("a")
            try? fileManager.removeItem(at: archiveURL)
            let result = try ProcessRunner.run(archiver, ["rcs", archiveURL.path] + members.map(\.path), timeout: timeout)
            try check(result, tool: "llvm-ar", target: target)
            archive = [archiveURL.path]
        }
        let mode = (likeLTO ? ["-fuse-ld=lld"] : [])
            + (target.kind == .shared ? ["-shared", "-Wl,-Bsymbolic"] : likeLTO ? ["-pie"] : ["-no-pie"])
        let arguments = mode + ["-Wl,--build-id=none"] + target.linkerFlags + ["-o", output.path]
            + objects.map(\.path) + archive + target.libraries
        let result = try ProcessRunner.run(toolchain.clang, arguments, timeout: timeout)
        try check(result, tool: "link", target: target)
        return try ELFSections.textSize(ofObjectAt: output)
    }

    /// llvm-ar from the same LLVM as clang.
    var archiver: String {
        URL(fileURLWithPath: toolchain.clang).deletingLastPathComponent().appendingPathComponent("llvm-ar").path
    }

    private func check(_ result: ProcessResult, tool: String, target: LinkTarget) throws {
        if result.timedOut {
            throw MLGOError.commandFailed("\(tool) of \(target.name)", "timed out after \(Int(timeout)) s")
        }
        if result.exitCode != 0 {
            // The linker's own lines say what is missing; the driver's summary line does not.
            let lines = result.standardError.split(separator: "\n")
                .filter { !$0.contains("warning:") && !$0.contains("linker command failed") }
            throw MLGOError.commandFailed("\(tool) of \(target.name)",
                                          "exit \(result.exitCode): " + lines.prefix(3).joined(separator: " | "))
        }
    }
}

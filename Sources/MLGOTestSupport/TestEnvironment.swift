import Foundation
import MLGOCompile
import MLGOCore

/// What tests need from the machine: the repository, LLVM 22, the built plugin, scratch
/// folders. Tests use it instead of guessing paths.
public enum TestEnvironment {
    /// The repository root, found from this file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var bundledSources: URL { repositoryRoot.appendingPathComponent("corpus/bundled/src") }

    /// The virtual environment tools/corpus/install-test-tools.sh installs PyPI tools into:
    /// `$MLGO_VENV` (relative to the repository) or `.mlgo/venv`.
    public static var virtualEnvironment: URL {
        guard let path = ProcessInfo.processInfo.environment["MLGO_VENV"], !path.isEmpty else {
            return repositoryRoot.appendingPathComponent(".mlgo/venv")
        }
        return URL(fileURLWithPath: path, relativeTo: repositoryRoot).standardizedFileURL
    }

    /// A program of PyPI mlgo-utils (extract_ir, make_corpus, ...) from the virtual environment.
    /// The set-up installs it, so a missing one is an error, not a reason to skip.
    public static func corpusTool(_ name: String) throws -> String {
        let path = virtualEnvironment.appendingPathComponent("bin/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MLGOError.unavailable(path, "\(name) (PyPI mlgo-utils) is not installed; run tools/corpus/install-test-tools.sh")
        }
        return path
    }

    /// LLVM 22 and the plugin SwiftPM built next to the test bundle (or $MLGO_PLUGIN).
    public static func toolchain() throws -> Toolchain { try Toolchain.locate() }

    /// A fresh temporary folder, removed when the process exits is not guaranteed: callers
    /// remove it in tearDown.
    public static func makeScratchFolder(_ label: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("mlgo-test-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Compiles C source text to pre-optimisation bitcode with clang-22.
    public static func bitcode(fromC source: String, named name: String, in folder: URL,
                               toolchain: Toolchain, flags: [String] = ["-Oz"]) throws -> URL {
        let sourceURL = folder.appendingPathComponent(name + ".c")
        try Data(source.utf8).write(to: sourceURL)
        let output = folder.appendingPathComponent(name + ".bc")
        let result = try ProcessRunner.run(
            toolchain.clang, flags + ["-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", sourceURL.path, "-o", output.path])
        guard result.succeeded else { throw MLGOError.commandFailed("clang-22 \(name).c", result.standardError) }
        return output
    }
}

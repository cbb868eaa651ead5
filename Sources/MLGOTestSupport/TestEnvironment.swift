import Foundation
import InMemoryLogging
import Logging
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

    /// A logger that keeps what it is told in `handler` (swift-log's InMemoryLogHandler), for
    /// tests that read a run's diagnostics or want them out of the test log.
    public static func recordingLogger() -> (logger: Logger, handler: InMemoryLogHandler) {
        let handler = InMemoryLogHandler()
        return (Logger(label: "test") { _ in handler }, handler)
    }

    /// A program SwiftPM built with the tests (`mlgo-train`, `mlgo-bench`): next to the test bundle.
    public static func builtProduct(_ name: String) throws -> String {
        guard let path = Toolchain.builtFile(named: name) else {
            throw MLGOError.unavailable(name, "not built next to the tests; run `swift build --build-tests`")
        }
        return path
    }

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

    /// A corpus folder named `name` in `folder`, one module per C source (keyed by module name),
    /// each with pre-optimisation bitcode and the `.cmd` `-Oz -c`, as `corpus extract` writes it.
    public static func corpus(fromC sources: [String: String], named name: String, in folder: URL,
                              toolchain: Toolchain) throws -> Corpus {
        let root = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (module, source) in sources {
            let bitcode = try TestEnvironment.bitcode(fromC: source, named: module, in: folder, toolchain: toolchain)
            try FileManager.default.moveItem(at: bitcode, to: root.appendingPathComponent("\(module).bc"))
            try Data("-Oz\0-c".utf8).write(to: root.appendingPathComponent("\(module).cmd"))
        }
        let corpus = Corpus(root: root, description: .init(modules: sources.keys.sorted()))
        try corpus.writeDescription()
        return corpus
    }

    /// A small program of three C modules, keyed by module name: `main.o` calls `checksum`
    /// (`sum.o`) and `scale` (`scale.o`), which shrink when their static helpers are inlined.
    public static let linkedProgramSources = [
        "main.o": """
        int checksum(const char *text);
        int scale(int value);
        int main(int argc, char **argv) { return scale(checksum(argc > 1 ? argv[1] : "x")) & 0x7f; }
        """,
        "sum.o": """
        static int step(int total, char c) { return total * 31 + c; }
        static int fold(int total) { return total ^ (total >> 16); }
        int checksum(const char *text) { int total = 0; while (*text) total = step(total, *text++); return fold(step(total, 0)); }
        """,
        "scale.o": """
        static int twice(int value) { return value + value; }
        static int clamp(int value, int low, int high) { return value < low ? low : value > high ? high : value; }
        static int mix(int value, int salt) { return (value ^ salt) * 33 + (salt >> 3); }
        int scale(int value) { return clamp(mix(twice(value), 17), -1000, 1000) - 1; }
        int unused_by_main(int value) { return clamp(mix(twice(twice(value)), 5), 0, 255); }
        """,
    ]

    /// A policy file whose logit is `logit` at every callsite: positive inlines wherever LLVM
    /// lets the policy decide, negative never does. Unlike LLVM's heuristic either way.
    public static func constantPolicy(logit: Float, named name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("\(name).mlgo")
        let text = "mlgo-policy 1\nname \(name)\ndecision inlining_decision\nfeatures 1\nfeature threshold\n"
            + "inputs 1\ninput 0 signed-log\nlayers 1\nlayer 1 1 linear\nweights 0\nbias \(logit)\nend\n"
        try Data(text.utf8).write(to: url)
        return url
    }
}

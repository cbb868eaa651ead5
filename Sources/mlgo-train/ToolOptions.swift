import ArgumentParser
import Foundation
import MLGOCompile

/// Options every command that compiles shares.
struct ToolOptions: ParsableArguments {
    @Option(help: "Parallel compile jobs (default: the number of cores).")
    var jobs: Int = WorkerPool.defaultJobCount

    @Option(help: "The plugin library (default: $MLGO_PLUGIN, or libMLGOPlugin.so next to this program).")
    var plugin: String?

    @Option(help: "Seconds before a compile is killed.")
    var timeout: Double = 300

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func toolchain() throws -> Toolchain { try Toolchain.locate(pluginPath: plugin) }

    func runner(scratch: URL) throws -> CorpusRunner {
        CorpusRunner(compiler: ModuleCompiler(toolchain: try toolchain(), timeout: timeout), jobs: jobs,
                     scratch: scratch)
    }
}

/// Prints a one-line progress counter on standard error, rewritten in place.
func progressPrinter(_ label: String) -> @Sendable (Int, Int) -> Void {
    { done, total in
        var line = "\r\(label): \(done)/\(total)"
        if done == total { line += "\n" }
        FileHandleOutput.standardError.write(line)
    }
}

enum FileHandleOutput {
    case standardError
    func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

extension URL {
    init(path: String, relativeToCurrent: Bool) {
        self = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }
}

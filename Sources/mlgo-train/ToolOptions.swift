import ArgumentParser
import Foundation
import Logging
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

/// A progress counter on standard error: rewritten in place on a terminal, only the final
/// count otherwise (logs stay readable). Safe to call from worker threads.
func progressPrinter(_ label: String) -> @Sendable (Int, Int) -> Void {
    let state = ProgressState(interactive: isatty(STDERR_FILENO) != 0)
    return { done, total in state.report(label: label, done: done, total: total) }
}

private final class ProgressState: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let started = Date()
    private var shown = 0

    init(interactive: Bool) { self.interactive = interactive }

    func report(label: String, done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard done > shown else { return }
        shown = done
        let elapsed = Date().timeIntervalSince(started)
        let rate = Double(done) / max(elapsed, 1e-3)
        let remaining = Double(total - done) / max(rate, 1e-9)
        let line = String(format: "%@: %d/%d modules, %.1f/s, ETA %.0f s", label, done, total, rate, remaining)
        if interactive && done < total {
            // A terminal's status line, rewritten in place: not a log message.
            FileHandle.standardError.write(Data(("\r" + line).utf8))
        } else if done == total {
            if interactive { FileHandle.standardError.write(Data("\r".utf8)) }
            Logger.mlgoTrain.info(Logger.Message(stringLiteral: line))
        }
    }
}

extension URL {
    /// A path given on the command line, resolved against the current folder.
    init(commandLinePath path: String) {
        self = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }
}

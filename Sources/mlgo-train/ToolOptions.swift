import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// Options every command that compiles shares.
struct ToolOptions: ParsableArguments {
    @Option(help: "Parallel compile jobs (default: the number of cores).")
    var jobs: Int = WorkerPool.defaultJobCount

    @Option(help: "The plugin library (default: $MLGO_PLUGIN, or libMLGOPlugin.so next to this program).")
    var plugin: String?

    @Option(help: "Seconds before a compile is killed.")
    var timeout: Double = 300

    @Option(help: "Compile on a Dask cluster: its scheduler's address (tcp://HOST:PORT) or scheduler file (docs/scale-out.md). --jobs is then the tasks in flight per worker.")
    var cluster: String?

    @Option(help: "With --cluster: modules per task.")
    var batchSize = 8

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    /// The tools. A command that cannot run its compiles on a cluster yet refuses --cluster
    /// rather than silently compiling here.
    func toolchain(allowingCluster: Bool = false) throws -> Toolchain {
        if cluster != nil && !allowingCluster {
            throw ValidationError("--cluster: this command compiles on this machine only so far; collect --problem eviction and report spill run on a cluster (docs/scale-out.md)")
        }
        return try Toolchain.locate(pluginPath: plugin)
    }

    func runner(scratch: URL, allowingCluster: Bool = false) throws -> CorpusRunner {
        var runner = CorpusRunner(compiler: ModuleCompiler(toolchain: try toolchain(allowingCluster: allowingCluster), timeout: timeout),
                                  jobs: jobs, scratch: scratch)
        runner.cluster = try clusterClient()
        runner.batchSize = batchSize
        return runner
    }

    /// The process's one client of `--cluster` (nil without it), started on first use: the
    /// bridge in tools/cluster/ run by the Python of tools/cluster/setup-dask.sh's venv
    /// (or $MLGO_DASK_PYTHON).
    func clusterClient() throws -> ClusterClient? {
        guard let cluster else { return nil }
        return try ClusterClients.shared.client(for: cluster) {
            let bridge = try repositoryFile("tools/cluster/mlgo_dask_bridge.py")
            let root = bridge.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let python = ProcessInfo.processInfo.environment["MLGO_DASK_PYTHON"]
                ?? root.appendingPathComponent(".mlgo/dask-venv/bin/python").path
            guard FileManager.default.isExecutableFile(atPath: python) else {
                throw MLGOError.unavailable(python, "no Python with Dask for --cluster: run tools/cluster/setup-dask.sh")
            }
            return try ClusterClient(address: cluster, python: python, bridge: bridge.path, llc: try toolchain(allowingCluster: true).llc)
        }
    }
}

/// Clients of --cluster by address, so that a command's several runners share one bridge.
private final class ClusterClients: @unchecked Sendable {
    static let shared = ClusterClients()
    private let lock = NSLock()
    private var clients: [String: ClusterClient] = [:]

    func client(for address: String, make: () throws -> ClusterClient) throws -> ClusterClient {
        lock.lock()
        defer { lock.unlock() }
        if let client = clients[address] { return client }
        let client = try make()
        clients[address] = client
        return client
    }
}

/// A file of this program's repository: under the current folder, or under a folder holding
/// the executable (up to five levels up), for scripts the commands run.
func repositoryFile(_ relativePath: String) throws -> URL {
    let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0])
    var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<5 {
        candidates.append(folder)
        folder = folder.deletingLastPathComponent()
    }
    guard let root = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent(relativePath).path) }) else {
        throw MLGOError.unavailable(relativePath, "not found in the current folder or above this program; run from the repository")
    }
    return root.appendingPathComponent(relativePath)
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

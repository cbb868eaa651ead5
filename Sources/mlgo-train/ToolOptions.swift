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

    /// The tools.
    func toolchain() throws -> Toolchain {
        try Toolchain.locate(pluginPath: plugin)
    }

    /// For a command whose work cannot run on a cluster: refuses --cluster rather than
    /// silently compiling here.
    func refuseCluster(_ why: String) throws {
        if cluster != nil { throw ValidationError("--cluster: \(why)") }
    }

    /// Where compiles run: this machine, or --cluster's.
    func backend() throws -> CompileBackend {
        CompileBackend(cluster: try clusterClient())
    }

    /// Compiles to keep in flight: --jobs here; on a cluster, --jobs tasks of --batch-size per worker.
    func parallelCompiles() throws -> Int {
        try backend().parallelCompiles(jobs: jobs)
    }

    func moduleCompiler(optimizationLevel: String = "Oz", objectSizes: ObjectSizeCache? = nil) throws -> ModuleCompiler {
        ModuleCompiler(toolchain: try toolchain(), optimizationLevel: optimizationLevel, timeout: timeout,
                       objectSizes: objectSizes, backend: try backend())
    }

    /// The compiler for `corpora`'s modules: their common phase's pipeline (an error when they
    /// mix per-module and LTO corpora).
    func moduleCompiler(for corpora: [Corpus], objectSizes: ObjectSizeCache? = nil) throws -> ModuleCompiler {
        try moduleCompiler(objectSizes: objectSizes).inPhase(Corpus.commonPhase(of: corpora))
    }

    func evictionCompiler(optimizedCache: URL) throws -> EvictionCompiler {
        EvictionCompiler(toolchain: try toolchain(), timeout: timeout, optimizedCache: optimizedCache, backend: try backend())
    }

    /// With --cluster, what went over the wire (for a run's log).
    func printClusterTraffic() throws {
        guard let cluster = try clusterClient() else { return }
        print(String(format: "cluster %@ (%d workers): %.1f MB of inputs sent (each distinct file once), %.1f MB of outputs received",
                     cluster.address, cluster.workers, Double(cluster.bytesSent) / 1e6, Double(cluster.bytesReceived) / 1e6))
    }

    func runner(scratch: URL) throws -> CorpusRunner {
        CorpusRunner(compiler: try moduleCompiler(), jobs: try parallelCompiles(), scratch: scratch)
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
            let client = try ClusterClient(address: cluster, python: python, bridge: bridge.path, llc: try toolchain().llc)
            client.batchSize = batchSize
            return client
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

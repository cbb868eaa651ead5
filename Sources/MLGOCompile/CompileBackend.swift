import Foundation
import MLGOCore

/// Where compile jobs run: on this machine, or on a Dask cluster (`--cluster`). Compilers
/// describe each compile as a CompileJob and hand it here, so the same job gives the same
/// bytes on either side.
public struct CompileBackend: Sendable {
    /// Nil: this machine.
    public var cluster: ClusterClient?

    public static let local = CompileBackend(cluster: nil)

    public init(cluster: ClusterClient?) { self.cluster = cluster }

    /// Runs `job`; `files` maps its inputs' hashes to files here, and `scratch` holds a local
    /// job's temporary folder. On a cluster, jobs that callers on other threads run at the same
    /// time travel together, `cluster.batchSize` a task.
    public func run(_ job: CompileJob, files: [String: URL], scratch: URL) throws -> CompileJob.Result {
        guard let cluster else { return try job.run(files: files, scratch: scratch) }
        return try cluster.run(job, files: files)
    }

    /// Throws once the cluster is gone (or has a worker with another LLVM). A run checks before it saves a result (a module's
    /// search, a training step) so that compiles which failed because the cluster went away
    /// are not recorded as the module's own failures, and checks at its end so that it stops
    /// with this error rather than a result with modules missing; `--resume` continues.
    public func checkAvailable() throws {
        guard let cluster, let reason = cluster.lostReason else { return }
        throw MLGOError.unavailable(cluster.address, "the cluster cannot run compiles any more: \(reason.prefix(600)); what finished "
                                    + "is kept: fix or restart the cluster and rerun the command (with --resume where it has one)")
    }

    /// How many compiles to have in flight to keep the backend busy when each thread waits
    /// for its own: `jobs` here; on a cluster, `jobs` tasks of `batchSize` per worker.
    public func parallelCompiles(jobs: Int) -> Int {
        guard let cluster else { return jobs }
        return max(1, jobs * cluster.workers * cluster.batchSize)
    }
}

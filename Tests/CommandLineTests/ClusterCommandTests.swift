import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// `--cluster` on a real Dask cluster on 127.0.0.1 (tools/cluster/local-cluster.sh: a scheduler
/// and two workers, started and stopped by each test): the same traces, scores and spill report
/// as the local pool byte for byte, nothing lost when a worker is killed mid-run, and a clear error when
/// there is no scheduler.
final class ClusterCommandTests: CommandLineTestCase {
    var clusterFolder: URL!
    var plugin: [String] { ["--plugin", toolchain.plugin] }
    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("tools/cluster/local-cluster.sh").path

    override func setUpWithError() throws {
        try super.setUpWithError()
        clusterFolder = scratch.appendingPathComponent("cluster")
        let started = try run(Self.script, ["start", clusterFolder.path, "2"], timeout: 180)
        XCTAssertEqual(started.exitCode, 0, "tools/cluster/local-cluster.sh start failed (run tools/cluster/setup-dask.sh): \(started.standardError)")
        XCTAssertTrue(started.standardOutput.hasPrefix("tcp://127.0.0.1:"), started.standardOutput)
    }

    override func tearDownWithError() throws {
        if let clusterFolder { _ = try? run(Self.script, ["stop", clusterFolder.path]) }
        try super.tearDownWithError()
    }

    var schedulerFile: String { clusterFolder.appendingPathComponent("scheduler.json").path }

    /// Every file of a collect's output (traces and scores), by relative path.
    func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator where !url.path.contains("/.optimized") && !url.path.contains("/.scratch") {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    func testCollectOnTheClusterIsByteIdenticalToTheLocalPool() throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser", "sha256_digest"])
        let local = scratch.appendingPathComponent("local"), remote = scratch.appendingPathComponent("remote")
        var output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", local.path,
                                            "--jobs", "2"] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", remote.path,
                                        "--jobs", "2", "--cluster", schedulerFile, "--batch-size", "2"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("o2: 5 eviction traces"), output.standardOutput)
        let expected = try contents(of: local)
        XCTAssertEqual(expected.keys.filter { $0.hasSuffix(".log") }.count, 5)
        XCTAssertEqual(try contents(of: remote), expected, "the same traces and spill scores, byte for byte")

        // A report: the same report.json (costs, sizes, the per-function best) from both.
        let prior = TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo").path
        var reports: [Data] = []
        for (name, cluster) in [("report-local", [String]()), ("report-remote", ["--cluster", schedulerFile, "--batch-size", "2"])] {
            let folder = scratch.appendingPathComponent(name)
            output = try run("mlgo-train", ["report", "spill", "--corpus", corpus.path, "--policy", "prior=\(prior)", "--output", folder.path,
                                            "--jobs", "2"] + cluster + plugin, timeout: 300)
            XCTAssertEqual(output.exitCode, 0, output.standardError)
            reports.append(try Data(contentsOf: folder.appendingPathComponent("report.json")))
        }
        XCTAssertEqual(reports[0], reports[1], "report spill gives the same report on the cluster")
    }

    func testAWorkerKilledMidRunLosesNothing() throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser", "sha256_digest", "regex_lite"])
        let local = scratch.appendingPathComponent("local"), remote = scratch.appendingPathComponent("remote")
        let output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", local.path,
                                            "--jobs", "2"] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.builtProduct("mlgo-train"))
        process.arguments = ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", remote.path,
                             "--jobs", "1", "--cluster", schedulerFile, "--batch-size", "1"] + plugin
        process.currentDirectoryURL = scratch
        let errors = scratch.appendingPathComponent("collect.err")
        XCTAssertTrue(FileManager.default.createFile(atPath: errors.path, contents: nil))
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Kill a worker once the first traces are back: its task (and the inputs it held) must
        // be run again elsewhere.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline
                && ((try? FileManager.default.contentsOfDirectory(atPath: remote.appendingPathComponent("o2").path)) ?? []).isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let pid = try XCTUnwrap(Int32(String(contentsOf: clusterFolder.appendingPathComponent("worker-1.pid"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertTrue(process.isRunning, "the run ended before a worker could be killed: make it longer")
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let log = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, log)
        XCTAssertFalse(log.contains("failed o2/"), log)
        XCTAssertEqual(try contents(of: remote), try contents(of: local), "every module's trace and score, once")
    }

    func testNoSchedulerIsAClearError() throws {
        let corpus = try makeO2Corpus(["matrix_ops"])
        let output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path,
                                            "--output", scratch.appendingPathComponent("out").path,
                                            "--cluster", "tcp://127.0.0.1:9"] + plugin, timeout: 120)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("cannot reach the Dask scheduler at tcp://127.0.0.1:9"), output.standardError)
    }
}

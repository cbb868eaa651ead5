import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// `--cluster` on a real Dask cluster on 127.0.0.1 (tools/cluster/local-cluster.sh: a scheduler
/// and two workers, started and stopped by each test): the same traces, scores, spill and size
/// reports, training run and searches (inlining and eviction) as the local pool byte for byte, nothing lost when a worker
/// is killed mid-run, a clear stop when the scheduler goes away and `--resume` after it, and a
/// clear error when there is no scheduler.
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

        // The per-decision eviction search: the same trials and traces.
        var searches: [URL] = []
        for (name, cluster) in [("search-local", [String]()), ("search-remote", ["--cluster", schedulerFile, "--batch-size", "2"])] {
            let folder = scratch.appendingPathComponent(name)
            searches.append(folder)
            output = try run("mlgo-train", ["search", "--problem", "eviction", "--corpus", corpus.path, "--rounds", "1", "--every", "2",
                                            "--output", folder.path, "--jobs", "2"] + cluster + plugin, timeout: 300)
            XCTAssertEqual(output.exitCode, 0, output.standardError)
        }
        let trials = try timelessLines(searches[0].appendingPathComponent("results.jsonl"))
        XCTAssertEqual(trials.count, 3, "every second of five modules")
        XCTAssertEqual(try timelessLines(searches[1].appendingPathComponent("results.jsonl")), trials)
        XCTAssertEqual(try contents(of: searches[1].appendingPathComponent("traces")), try contents(of: searches[0].appendingPathComponent("traces")))
    }

    var clusterArguments: [String] { ["--cluster", schedulerFile, "--batch-size", "2"] }

    /// A JSON value without its wall times (and llc skips: the object-size cache works on this
    /// machine only), which differ from run to run and machine to machine.
    func withoutTimes(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !$0.key.lowercased().contains("second") && $0.key != "llc_skipped_so_far" }.mapValues(withoutTimes)
        }
        if let array = value as? [Any] { return array.map(withoutTimes) }
        return value
    }

    /// A JSON file without its times, as sorted-keys JSON text.
    func timeless(_ file: URL) throws -> String {
        let value = withoutTimes(try JSONSerialization.jsonObject(with: Data(contentsOf: file)))
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The lines of a JSON-lines file without their times, sorted (results come in finishing order).
    func timelessLines(_ file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { line in
            let value = withoutTimes(try JSONSerialization.jsonObject(with: Data(line.utf8)))
            return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    /// Runs `mlgo-train arguments` in the background, sends `signal` (SIGKILL) to the cluster
    /// process whose pid file in the cluster folder is `process` once `ready` holds, and waits
    /// for the run's end: its exit status and standard error.
    func runKilling(_ arguments: [String], process pidFile: String, signal: Int32 = SIGKILL,
                    when ready: () -> Bool) throws -> (status: Int32, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.builtProduct("mlgo-train"))
        process.arguments = arguments
        process.currentDirectoryURL = scratch
        let errors = scratch.appendingPathComponent("run-\(UUID().uuidString).err")
        XCTAssertTrue(FileManager.default.createFile(atPath: errors.path, contents: nil))
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning && Date() < deadline && !ready() { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(process.isRunning, "the run ended before \(pidFile) could be killed: make it longer")
        let pid = try XCTUnwrap(Int32(String(contentsOf: clusterFolder.appendingPathComponent(pidFile), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertEqual(kill(pid, signal), 0)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))
    }

    /// `train es` (without straggler cuts, the one wall-time dependence), `search` and `report
    /// size` give the same policies, metrics, searched decisions and report on the cluster as here.
    func testSizeTrainingSearchAndReportOnTheClusterAreByteIdenticalToTheLocalPool() throws {
        let corpus = try makeCorpus(["treap", "json_lexer", "bitset", "linked_list", "ring_buffer"], level: "Oz")
        let initial = TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz-clone/policy.mlgo").path
        var runs: [String: URL] = [:]
        for (name, cluster) in [("local", [String]()), ("remote", clusterArguments)] {
            let folder = scratch.appendingPathComponent(name)
            runs[name] = folder
            var output = try run("mlgo-train", ["train", "es", "--corpus", corpus.path, "--initial", initial,
                                                "--output", folder.appendingPathComponent("es").path, "--steps", "2", "--pairs", "2",
                                                "--modules-per-step", "3", "--evaluate-every", "1", "--holdout-fraction", "0.3",
                                                "--straggler-factor", "0", "--sigma", "0.2", "--jobs", "2"] + cluster + plugin, timeout: 300)
            XCTAssertEqual(output.exitCode, 0, output.standardError)
            output = try run("mlgo-train", ["search", "--corpus", corpus.path, "--output", folder.appendingPathComponent("search").path,
                                            "--budget", "10", "--thresholds", "50", "--jobs", "2"] + cluster + plugin, timeout: 300)
            XCTAssertEqual(output.exitCode, 0, output.standardError)
            output = try run("mlgo-train", ["report", "size", "--corpus", corpus.path, "--policy", initial,
                                            "--output", folder.appendingPathComponent("report").path, "--jobs", "2"] + cluster + plugin,
                             timeout: 300)
            XCTAssertEqual(output.exitCode, 0, output.standardError)
        }
        let local = try XCTUnwrap(runs["local"]), remote = try XCTUnwrap(runs["remote"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: local.appendingPathComponent("es/best.mlgo").path), "held-out modules judged")
        for file in ["es/policy.mlgo", "es/best.mlgo"] {
            XCTAssertEqual(try Data(contentsOf: remote.appendingPathComponent(file)), try Data(contentsOf: local.appendingPathComponent(file)), file)
        }
        // The size report also holds each module's compile seconds.
        XCTAssertEqual(try timeless(remote.appendingPathComponent("report/report.json")),
                       try timeless(local.appendingPathComponent("report/report.json")), "the same sizes and decisions")
        let metrics = try timelessLines(local.appendingPathComponent("es/metrics.jsonl"))
        XCTAssertEqual(metrics.filter { $0.contains("\"train\"") }.count, 2, "two steps")
        XCTAssertEqual(try timelessLines(remote.appendingPathComponent("es/metrics.jsonl")), metrics)
        XCTAssertEqual(try timelessLines(remote.appendingPathComponent("search/results.jsonl")),
                       try timelessLines(local.appendingPathComponent("search/results.jsonl")))
        let decisions = try contents(of: local.appendingPathComponent("search/decisions"))
        XCTAssertEqual(decisions.count, 5)
        XCTAssertEqual(try contents(of: remote.appendingPathComponent("search/decisions")), decisions)
    }

    /// A scheduler killed mid-search stops the run with a clear error and records no module
    /// wrongly; `--resume` on a new cluster finishes it as an uninterrupted local run ends.
    func testALostSchedulerStopsTheRunAndResumeFinishesIt() throws {
        let corpus = try makeCorpus(["treap", "json_lexer", "bitset", "linked_list", "ring_buffer", "trie"], level: "Oz")
        let local = scratch.appendingPathComponent("local"), remote = scratch.appendingPathComponent("remote")
        let search = ["search", "--corpus", corpus.path, "--budget", "16", "--thresholds", "", "--jobs", "1"] + plugin
        var output = try run("mlgo-train", search + ["--output", local.path], timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)

        let results = remote.appendingPathComponent("results.jsonl")
        let (status, log) = try runKilling(search + ["--output", remote.path, "--cluster", schedulerFile, "--batch-size", "1"],
                                           process: "scheduler.pid") {
            !((try? String(contentsOf: results, encoding: .utf8)) ?? "").isEmpty
        }
        XCTAssertNotEqual(status, 0, log)
        XCTAssertTrue(log.contains("the cluster cannot run compiles any more: lost the connection to the Dask scheduler"), log)
        XCTAssertTrue(log.contains("--resume"), log)
        let kept = try timelessLines(results)
        XCTAssertLessThan(kept.count, 6, "the run stopped before the end")
        let expected = try timelessLines(local.appendingPathComponent("results.jsonl"))
        XCTAssertTrue(Set(kept).isSubset(of: Set(expected)), "every module recorded before the loss is as an uninterrupted run records it")

        let restarted = try run(Self.script, ["start", clusterFolder.path, "2"], timeout: 180)
        XCTAssertEqual(restarted.exitCode, 0, restarted.standardError)
        output = try run("mlgo-train", search + ["--output", remote.path, "--cluster", schedulerFile, "--batch-size", "1", "--resume"],
                         timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertEqual(try timelessLines(results), expected, "every module once, as searched here")
        XCTAssertEqual(try contents(of: remote.appendingPathComponent("decisions")), try contents(of: local.appendingPathComponent("decisions")))
    }

    /// Eviction traces collected while the first worker gets `signal` once the first traces are
    /// back (batches of 1, one task in flight a worker): its task, and the inputs it held, must
    /// run again elsewhere, and every file come out as the local pool's, once.
    func assertCollectLosesNothing(whenAWorkerGets signal: Int32) throws {
        let corpus = try makeO2Corpus(["matrix_ops", "bytecode_vm", "rle_lz_compress", "expr_parser", "sha256_digest", "regex_lite"])
        let local = scratch.appendingPathComponent("local"), remote = scratch.appendingPathComponent("remote")
        let output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", local.path,
                                            "--jobs", "2"] + plugin)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let traces = remote.appendingPathComponent("o2").path
        let (status, log) = try runKilling(["collect", "--problem", "eviction", "--corpus", corpus.path, "--output", remote.path,
                                            "--jobs", "1", "--cluster", schedulerFile, "--batch-size", "1"] + plugin,
                                           process: "worker-1.pid", signal: signal) {
            !((try? FileManager.default.contentsOfDirectory(atPath: traces)) ?? []).isEmpty
        }
        XCTAssertEqual(status, 0, log)
        XCTAssertFalse(log.contains("failed o2/"), log)
        XCTAssertEqual(try contents(of: remote), try contents(of: local), "every module's trace and score, once")
    }

    func testAWorkerKilledMidRunLosesNothing() throws {
        try assertCollectLosesNothing(whenAWorkerGets: SIGKILL)
    }

    /// A client whose llc reports another version than the workers' (an llc wrapper that says
    /// which side runs it): the run stops with both versions named, and no module is recorded.
    func testAWorkerWithAnotherLLVMStopsTheRun() throws {
        let corpus = try makeCorpus(["treap", "bitset"], level: "Oz")
        let prefix = scratch.appendingPathComponent("llvm")
        let bin = prefix.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: toolchain.llc).deletingLastPathComponent()
        for tool in ["opt", "clang"] {
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent(tool), withDestinationURL: real.appendingPathComponent(tool))
        }
        let llc = bin.appendingPathComponent("llc")
        let wrapper = "#!/bin/sh\n"
            + "if [ \"$1\" = --version ]; then echo \"LLVM version 22.0.0-${MLGO_TEST_SIDE:-worker}\"; exit 0; fi\n"
            + "exec \(toolchain.llc) \"$@\"\n"
        try wrapper.write(to: llc, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(llc.path, 0o755), 0)
        let output = try run("mlgo-train", ["collect", "--corpus", corpus.path, "--output", scratch.appendingPathComponent("out").path,
                                            "--cluster", schedulerFile] + plugin, timeout: 180,
                             environment: ["LLVM_PREFIX": prefix.path, "MLGO_TEST_SIDE": "client"])
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("has another LLVM than the client"), output.standardError)
        XCTAssertTrue(output.standardError.contains("22.0.0-worker") && output.standardError.contains("22.0.0-client"), output.standardError)
        let traces = (try? FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("out/oz").path)) ?? []
        XCTAssertEqual(traces.filter { $0.hasSuffix(".log") }, [], "nothing collected from another LLVM")
    }

    /// A worker that hangs (SIGSTOP) mid-run: Dask drops it after the loopback cluster's 20 s
    /// without a heartbeat, its task runs on the other worker, and nothing is lost or doubled.
    func testAHungWorkerLosesNothing() throws {
        try assertCollectLosesNothing(whenAWorkerGets: SIGSTOP)
    }

    func testNoSchedulerIsAClearError() throws {
        let corpus = try makeO2Corpus(["matrix_ops"])
        var output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", corpus.path,
                                            "--output", scratch.appendingPathComponent("out").path,
                                            "--cluster", "tcp://127.0.0.1:9"] + plugin, timeout: 120)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("cannot reach the Dask scheduler at tcp://127.0.0.1:9"), output.standardError)

        let missing = scratch.appendingPathComponent("gone/scheduler.json").path
        output = try run("mlgo-train", ["report", "size", "--corpus", corpus.path, "--output", scratch.appendingPathComponent("report").path,
                                        "--cluster", missing] + plugin, timeout: 120)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("no Dask scheduler file at \(missing)"), output.standardError)

        // Speed is measured side by side on one machine: refused, not silently done here.
        output = try run("mlgo-train", ["report", "speed", "--config", "stock", "--output", scratch.appendingPathComponent("speed").path,
                                        "--cluster", schedulerFile] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("--cluster: report speed builds and runs its benchmark programs on this machine"),
                      output.standardError)
    }
}

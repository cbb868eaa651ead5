import ArgumentParser
import Foundation
import Logging
import MLGOBenchmarks
import MLGOCompile
import MLGOCore
import MLGOReports

struct SpeedReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Build benchmark programs under configurations and compare their speed with stock clang-22.",
        discussion: """
        Each benchmark (corpus/projects/*/benchmark.sh) is built from its project's Debian \
        sources under every --config and run: under callgrind (executed instructions, data reads \
        and writes) and natively, interleaved (wall time, with a 95% t interval of the ratio). \
        Each configuration is compared with stock clang-22 at its own optimisation level, which \
        is added when not given. Configurations: stock, stock-oz (any -O level: stock-os, \
        stock-o3...), inline-oz[:POLICY] (the plugin's size policy, or a policy file), inline-o2, \
        evict-o2:POLICY (an eviction policy), inline-evict-oz:POLICY (both), NAME=FLAGS (any \
        clang flags with an -O level; {plugin} is the plugin's path). Builds are cached in --work \
        by sources, recipe, flags and the plugin's and policies' contents. Writes report.json, \
        report.md and report.html into --output. Exits 1 when a build or run failed or a \
        configuration's outputs differ from the others' (a correctness failure); with \
        --max-slowdown, 2 when a configuration executes more than that many percent more \
        instructions than its baseline on any benchmark. docs/speed-report.md.
        """)

    @Option(name: .customLong("config"), help: "A configuration; repeat for several.") var configurations: [String] = []
    @Option(name: .customLong("benchmark"), help: "Only this project's benchmark (a folder name under --recipes); repeat for several.")
    var benchmarks: [String] = []
    @Option(help: "Folder for report.json, report.md and report.html.") var output: String
    @Option(help: "Folder of the benchmark recipes (default: the repository's corpus/projects).") var recipes: String?
    @Option(help: "Cache of builds, inputs and runs.") var work = ".mlgo/speed"
    @Option(help: "Where Debian sources are downloaded (default: <work>/sources).") var sourceCache: String?
    @Option(help: "Interleaved native runs per benchmark and configuration (0: no wall time).") var repetitions = 10
    @Option(help: "Runs under callgrind per benchmark and configuration (0: none).") var callgrindRuns = 1
    @Option(help: "The valgrind program.") var valgrind = "valgrind"
    @Option(help: "Seconds before a build is stopped.") var buildTimeout: Double = 3600
    @Option(help: "Fail (exit 2) if a configuration executes more than this many percent more instructions than its baseline on any benchmark.")
    var maxSlowdown: Double?
    @Option(help: "Instead of measuring, write the report (and apply --max-slowdown) from an earlier report.json.")
    var from: String?
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !configurations.isEmpty || from != nil else { throw ValidationError("give at least one --config") }
        guard configurations.isEmpty || from == nil else { throw ValidationError("--from takes its configurations from the report; give no --config") }
        guard repetitions >= 0, callgrindRuns >= 0 else { throw ValidationError("--repetitions and --callgrind-runs cannot be negative") }
        guard repetitions != 1 else { throw ValidationError("--repetitions 1 gives no interval; use 0 or at least 2") }
        guard repetitions > 0 || callgrindRuns > 0 else { throw ValidationError("nothing to measure: --repetitions and --callgrind-runs are both 0") }
    }

    func run() throws {
        if let from {
            let report = try JSONDecoder().decode(SpeedReport.self, from: Data(contentsOf: URL(commandLinePath: from)))
            try finish(report)
            return
        }
        try tools.refuseCluster("report speed builds and runs its benchmark programs on this machine (docs/scale-out.md)")
        let toolchain = try tools.toolchain()
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let repository = try repositoryRoot()
        let driver = try BenchmarkDriver(script: repository.appendingPathComponent("tools/speed/benchmark.sh"))
        let parsed = try configurations.map { try SpeedConfiguration(parsing: $0, plugin: toolchain.plugin, relativeTo: here) }
        let all = try SpeedComparison.withBaselines(parsed)
        try all.forEach { try probe($0, toolchain: toolchain) }
        let valgrindPath = try callgrindRuns > 0 ? locate(valgrind) : valgrind
        let recipeFolder = recipes.map { URL(commandLinePath: $0) } ?? repository.appendingPathComponent("corpus/projects")
        let selected = try BenchmarkRecipe.recipes(in: recipeFolder, named: benchmarks, driver: driver)
        let workURL = URL(commandLinePath: work)
        let lock = try WorkFolderLock(folder: workURL)
        defer { withExtendedLifetime(lock) {} }
        let builds = BenchmarkBuilds(folder: workURL, driver: driver, toolchain: toolchain, jobs: tools.jobs, timeout: buildTimeout)
        let runner = try BenchmarkRunner(folder: workURL.appendingPathComponent("run"), driver: driver, valgrind: valgrindPath,
                                         timeout: tools.timeout)
        let plan = SpeedMeasurementPlan(callgrindRuns: callgrindRuns, repetitions: repetitions,
                                        sourceCache: sourceCache.map { URL(commandLinePath: $0) } ?? workURL.appendingPathComponent("sources"))
        let startLoad = Self.loadAverage()
        let printer = SpeedProgressPrinter()
        let measured = SpeedComparison.measure(recipes: selected, configurations: all, plan: plan, builds: builds, runner: runner,
                                               progress: printer.report)
        printer.finish()
        let report = SpeedReport(
            command: (["mlgo-train"] + CommandLine.arguments.dropFirst()).joined(separator: " "), configurations: all,
            benchmarks: measured, repetitions: repetitions, callgrindRuns: callgrindRuns, clang: builds.clangVersion,
            valgrind: callgrindRuns > 0 ? Self.version(of: valgrindPath) : "no callgrind runs", loadAverageAtStart: startLoad,
            loadAverageAtEnd: Self.loadAverage(), date: ISO8601DateFormatter().string(from: Date()))
        try finish(report)
    }

    /// Writes the report, names its failures and applies the gate.
    private func finish(_ report: SpeedReport) throws {
        let outputURL = URL(commandLinePath: output)
        try SpeedReportPage.write(report, to: outputURL)
        print(report.markdown().components(separatedBy: "\n## Per benchmark")[0], terminator: "\n")
        print("wrote \(outputURL.path)/report.json, report.md and report.html")

        for (benchmark, result) in report.mismatches {
            Logger.mlgoTrain.error("CORRECTNESS FAILURE: \(benchmark) under \(result.configuration): \(result.failure ?? "outputs differ")")
        }
        for failure in report.failures { Logger.mlgoTrain.warning("failed: \(failure)") }
        let slow = maxSlowdown.map { report.slowdowns(over: $0) } ?? []
        for line in slow { Logger.mlgoTrain.error(Logger.Message(stringLiteral: String(format: "slowdown: %@ exceeds --max-slowdown %.3f%%", line, maxSlowdown!))) }
        if !report.mismatches.isEmpty || !report.failures.isEmpty { throw ExitCode(1) }
        if !slow.isEmpty { throw ExitCode(2) }
    }

    /// Compiles and links an empty program with the configuration's flags, so a bad flag or
    /// policy fails here, with clang's message, and not in the middle of a project's configure.
    private func probe(_ configuration: SpeedConfiguration, toolchain: Toolchain) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("probe.c")
        try Data("int main(void) { return 0; }\n".utf8).write(to: source)
        let result = try ProcessRunner.run(toolchain.clang, configuration.flags + [source.path, "-o", folder.appendingPathComponent("probe").path],
                                           timeout: 120, environment: configuration.environment)
        guard result.succeeded else {
            throw MLGOError.invalidArgument("--config \(configuration.name) (\(SpeedReport.displayFlags(configuration))) does not build an empty program: "
                                            + result.standardError.split(separator: "\n").prefix(3).joined(separator: " | "))
        }
    }

    private func repositoryRoot() throws -> URL {
        try repositoryFile("tools/speed/benchmark.sh").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private func locate(_ program: String) throws -> String {
        let folders = program.contains("/") ? [""] : (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/" }
        guard let path = folders.map({ $0 + program }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MLGOError.unavailable(program, "valgrind is not installed (callgrind counts need it); run tools/setup.sh, or pass --callgrind-runs 0")
        }
        return path
    }

    private static func version(of program: String) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-version-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        guard (try? ProcessRunner.run(program, ["--version"], timeout: 60, standardOutput: .file(file)))?.succeeded == true,
              let text = try? String(contentsOf: file, encoding: .utf8) else { return program }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The 1-minute load average (/proc/loadavg).
    private static func loadAverage() -> Double {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap { $0.split(separator: " ").first.flatMap { Double($0) } } ?? 0
    }
}

/// The speed report's progress on standard error: one line rewritten in place on a terminal;
/// in a log, a line for each notable step (builds, callgrind runs, each benchmark's timed runs).
final class SpeedProgressPrinter: @unchecked Sendable {
    private let interactive = isatty(STDERR_FILENO) != 0
    private let started = Date()

    func report(_ progress: SpeedProgress) {
        let elapsed = Int(Date().timeIntervalSince(started))
        let line = String(format: "speed [%d/%d, %d:%02d] %@", progress.done + 1, progress.total, elapsed / 60, elapsed % 60, progress.step)
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else if progress.notable {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() { if interactive { FileHandle.standardError.write(Data("\n".utf8)) } }
}

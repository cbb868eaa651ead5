import ArgumentParser
import Foundation
import MLGOBenchmarks
import MLGOCompile
import MLGOCore

/// CPU time of `llc-22 -O2` with LLVM's default eviction advisor and with the plugin's
/// eviction channels, variants interleaved; results as JSON (docs/eviction.md).
struct EvictionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eviction",
        abstract: "Eviction overhead against stock llc -O2: the in-process channel and the FIFO thread.")

    @Option(help: "C sources compiled to -O2 bitcode, one module each (default: the bundled corpus).") var sources: String?
    @Option(help: "Also measure one generated module with this many high-pressure functions (0: none).") var generatedFunctions = 600
    @Option(help: "Interleaved repetitions.") var repetitions = 5
    @Option(help: "The eviction policy file (default: policies/evict-prior/policy.mlgo), or 'embedded': the plugin's own.") var policy: String?
    @Option(help: "Write the JSON results here (default: standard output).") var output: String?
    @Option(help: "The plugin library (default: next to this program).") var plugin: String?
    @Flag(help: "Count llc's instructions under callgrind instead of timing it: one run per variant, deterministic (no FIFO variant).")
    var instructions = false
    @Option(help: "The valgrind program (with --instructions).") var valgrind = "/usr/bin/valgrind"
    @Flag(help: "Time the plugin's decisions instead (-mlgo-evict-stats): microseconds per eviction decision per repetition.")
    var decisionTime = false
    @Option(help: "With --decision-time: another plugin build to time interleaved with this one, for the ratio of the two.")
    var baselinePlugin: String?

    func run() throws {
        let toolchain = try Toolchain.locate(pluginPath: plugin)
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let sourceFolder = URL(fileURLWithPath: sources ?? root.appendingPathComponent("corpus/bundled/src").path)
        let policyPath = policy ?? root.appendingPathComponent("policies/evict-prior/policy.mlgo").path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        func bitcode(_ source: URL) throws -> URL {
            let out = scratch.appendingPathComponent(source.deletingPathExtension().lastPathComponent + ".bc")
            let result = try ProcessRunner.run(toolchain.clang, ["-O2", "-emit-llvm", "-c", source.path, "-o", out.path])
            guard result.succeeded else { throw MLGOError.commandFailed("clang-22 \(source.lastPathComponent)", result.standardError) }
            return out
        }
        let corpus = try FileManager.default.contentsOfDirectory(at: sourceFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "c" }.sorted { $0.path < $1.path }.map(bitcode)
        var inputs: [(String, [URL])] = [("corpus (\(corpus.count) modules)", corpus)]
        if generatedFunctions > 0 {
            let source = scratch.appendingPathComponent("generated.c")
            try Data(PressureModule.source(functions: generatedFunctions).utf8).write(to: source)
            inputs.append(("generated (\(generatedFunctions) functions)", [try bitcode(source)]))
        }
        let release = ["-load-pass-plugin=\(toolchain.plugin)", "-mlgo-evict-mode=release"]
            + (policyPath == "embedded" ? [] : ["-mlgo-evict-policy=\(policyPath)"])
        // stock: no plugin; heuristic: plugin loaded, eviction left to LLVM (identical output);
        // inprocess: the chosen design; fifo: the measured alternative. Same policy, same decisions.
        var variants: [(String, [String])] = [
            ("stock", []),
            ("heuristic", ["-load-pass-plugin=\(toolchain.plugin)"]),
            ("inprocess", release),
        ]
        // The FIFO channel cannot show a policy LLVM's own choice (the plugin refuses it), so a
        // policy reading llvm_choice (mlgo-train margin) is measured in process only.
        if policyPath != "embedded", try Policy(contentsOf: URL(fileURLWithPath: policyPath)).features.contains(EvictionTrace.llvmChoice) {
            FileHandle.standardError.write(Data("mlgo-bench: \(policyPath) reads \(EvictionTrace.llvmChoice), which the FIFO channel cannot provide: no fifo variant\n".utf8))
        } else {
            variants.append(("fifo", release + ["-mlgo-evict-channel=fifo"]))
        }
        let assembly = scratch.appendingPathComponent("out.s").path
        if instructions {
            let counted = try countInstructions(inputs, variants: Array(variants.prefix(3)), toolchain: toolchain,
                                                release: release, scratch: scratch, assembly: assembly)
            try BenchmarkResults.write(["benchmark": "eviction-instructions", "command": "llc-22 -O2 under callgrind",
                                        "results": counted], to: output)
            return
        }
        if decisionTime {
            try BenchmarkResults.write(["benchmark": "eviction-decision-time", "command": "llc-22 -O2 -mlgo-evict-stats",
                                        "results": try timeDecisions(inputs, toolchain: toolchain, release: release,
                                                                     assembly: assembly)], to: output)
            return
        }
        var report: [[String: Any]] = []
        for (name, files) in inputs {
            let decisions = try countDecisions(files, toolchain: toolchain, release: release, scratch: scratch)
            var seconds = [[Double]](repeating: [], count: variants.count)
            for _ in 0..<repetitions {
                for (index, variant) in variants.enumerated() {
                    var total = 0.0
                    for file in files { total += try ChildCPUTime.measure(toolchain.llc, variant.1 + ["-O2", file.path, "-o", assembly]) }
                    seconds[index].append(total)
                }
            }
            report.append(["input": name, "modules": files.count, "evictionDecisions": decisions, "repetitions": repetitions,
                           "variants": BenchmarkResults.variants(variants.map(\.0), seconds: seconds)])
        }
        try BenchmarkResults.write(["benchmark": "eviction", "command": "llc-22 -O2", "results": report], to: output)
    }

    /// Instructions llc executes per variant (callgrind's Ir, summed over the input's modules),
    /// and each variant's overhead against the first. Valgrind 3.19 cannot read the plugin's
    /// DWARF 5, so a copy without debug information is loaded instead (the same code).
    private func countInstructions(_ inputs: [(String, [URL])], variants: [(String, [String])], toolchain: Toolchain,
                                   release: [String], scratch: URL, assembly: String) throws -> [[String: Any]] {
        guard FileManager.default.isExecutableFile(atPath: valgrind) else {
            throw MLGOError.unavailable(valgrind, "valgrind is not installed (--instructions needs it); run tools/setup.sh")
        }
        let stripped = scratch.appendingPathComponent("libMLGOPlugin.so").path
        let objcopy = URL(fileURLWithPath: toolchain.llc).deletingLastPathComponent().appendingPathComponent("llvm-objcopy").path
        let copy = try ProcessRunner.run(objcopy, ["--strip-debug", toolchain.plugin, stripped])
        guard copy.succeeded else { throw MLGOError.commandFailed("llvm-objcopy --strip-debug", copy.standardError) }
        let counting = variants.map { name, arguments in
            (name, arguments.map { $0.replacingOccurrences(of: toolchain.plugin, with: stripped) })
        }
        var report: [[String: Any]] = []
        for (name, files) in inputs {
            let decisions = try countDecisions(files, toolchain: toolchain, release: release, scratch: scratch)
            var counts: [Int] = []
            for (variant, arguments) in counting {
                var total = 0
                for file in files {
                    let folder = scratch.appendingPathComponent("callgrind-\(variant)-\(file.deletingPathExtension().lastPathComponent)")
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    let result = try ProcessRunner.run(valgrind, ["--tool=callgrind", "-q", "--callgrind-out-file=\(folder.path)/callgrind.out.%p",
                                                                  toolchain.llc] + arguments + ["-O2", file.path, "-o", assembly])
                    guard result.succeeded else {
                        throw MLGOError.commandFailed("valgrind llc-22 \(variant) \(file.lastPathComponent)", result.standardError)
                    }
                    total += try CallgrindCounts(readingOutputsIn: folder).instructions
                }
                counts.append(total)
            }
            var results: [String: Any] = [:]
            for (index, (variant, _)) in counting.enumerated() {
                var result: [String: Any] = ["instructions": counts[index]]
                if index > 0 { result["overheadPercent"] = (Double(counts[index]) / Double(counts[0]) - 1) * 100 }
                results[variant] = result
            }
            report.append(["input": name, "modules": files.count, "evictionDecisions": decisions, "variants": results])
        }
        return report
    }

    /// The plugin's own time per eviction decision (its -mlgo-evict-stats: the feature gathering,
    /// the policy and the choice), summed over the input's modules, once per repetition, and the
    /// same without each process's first decision (which pays the first touches of the policy's
    /// code and weights); with --baseline-plugin both builds run interleaved and the ratio of the
    /// means gets a paired interval.
    private func timeDecisions(_ inputs: [(String, [URL])], toolchain: Toolchain, release: [String],
                               assembly: String) throws -> [[String: Any]] {
        var plugins = [("plugin", toolchain.plugin)]
        if let baselinePlugin {
            guard FileManager.default.fileExists(atPath: baselinePlugin) else {
                throw MLGOError.unavailable(baselinePlugin, "the baseline plugin does not exist")
            }
            plugins.append(("baseline", baselinePlugin))
        }
        var report: [[String: Any]] = []
        for (name, files) in inputs {
            var perDecision = [[Double]](repeating: [], count: plugins.count)
            var afterFirst = perDecision
            var decisions = 0
            for _ in 0..<repetitions {
                for (index, (_, library)) in plugins.enumerated() {
                    let arguments = release.map { $0.replacingOccurrences(of: toolchain.plugin, with: library) }
                    var micros = 0.0, firsts: Double? = 0.0, runners = 0
                    decisions = 0
                    for file in files {
                        let result = try ProcessRunner.run(toolchain.llc, arguments + ["-mlgo-evict-stats", "-O2", file.path, "-o", assembly])
                        guard result.succeeded else {
                            throw MLGOError.commandFailed("llc-22 \(file.lastPathComponent)", result.standardError)
                        }
                        for stats in EvictionStats.lines(in: result.standardError) where stats.decisions > 0 {
                            decisions += stats.decisions
                            micros += stats.microseconds
                            firsts = firsts.flatMap { total in stats.first.map { total + $0 } }
                            runners += 1
                        }
                    }
                    perDecision[index].append(decisions > 0 ? micros / Double(decisions) : 0)
                    if let firsts, decisions > runners {
                        afterFirst[index].append((micros - firsts) / Double(decisions - runners))
                    }
                }
            }
            var results: [String: Any] = [:]
            for (index, (variant, library)) in plugins.enumerated() {
                let summary = Summary(perDecision[index])
                var result: [String: Any] = ["library": library, "microsecondsPerDecision": perDecision[index],
                                             "mean": summary.mean, "min": perDecision[index].min() ?? 0]
                if let interval = summary.interval { result["halfWidth"] = interval.halfWidth }
                // Without the first decisions: only from plugins that report them.
                if afterFirst[index].count == repetitions {
                    let later = Summary(afterFirst[index])
                    result["microsecondsPerLaterDecision"] = afterFirst[index]
                    result["laterMean"] = later.mean
                    if let interval = later.interval { result["laterHalfWidth"] = interval.halfWidth }
                }
                results[variant] = result
            }
            var entry: [String: Any] = ["input": name, "modules": files.count, "evictionDecisions": decisions,
                                        "repetitions": repetitions, "variants": results]
            if plugins.count == 2,
               let ratio = ConfidenceInterval(ratioOfMeans: perDecision[0], to: perDecision[1], paired: true) {
                entry["ratioToBaseline"] = ["estimate": ratio.estimate, "halfWidth": ratio.halfWidth]
            }
            report.append(entry)
        }
        return report
    }

    /// Eviction decisions of the in-process run, from its trace (not timed).
    private func countDecisions(_ files: [URL], toolchain: Toolchain, release: [String], scratch: URL) throws -> Int {
        var total = 0
        for file in files {
            let trace = scratch.appendingPathComponent("count.log")
            try? FileManager.default.removeItem(at: trace)
            let result = try ProcessRunner.run(toolchain.llc, release + ["-mlgo-evict-trace=\(trace.path)", "-O2", file.path, "-o", "/dev/null"])
            guard result.succeeded else { throw MLGOError.commandFailed("llc-22 \(file.lastPathComponent)", result.standardError) }
            if FileManager.default.fileExists(atPath: trace.path) { total += try TrainingLog(contentsOf: trace).observationCount }
        }
        return total
    }
}

/// The plugin's "MLGO eviction stats: N decisions, T us in the plugin (… us per decision; the
/// first F us)" lines, one per runner.
enum EvictionStats {
    /// `first` is nil from plugins older than its report.
    static func lines(in text: String) -> [(decisions: Int, microseconds: Double, first: Double?)] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("MLGO eviction stats: "), line.contains(" us in the plugin") else { return nil }
            let words = line.dropFirst("MLGO eviction stats: ".count).split(separator: " ")
            guard words.count >= 3, words[1] == "decisions,", let decisions = Int(words[0]),
                  let micros = Double(words[2]) else { return nil }
            let first = words.firstIndex(of: "first").flatMap { $0 + 1 < words.count ? Double(words[$0 + 1]) : nil }
            return (decisions, micros, first)
        }
    }
}

/// C with many values live across a loop in every function: dense eviction decisions.
enum PressureModule {
    static func source(functions: Int) -> String {
        (0..<functions).map { index in
            let sums = (0..<18).map { "s\($0)" }
            let body = (0..<18).map { k in "s\(k) += a[k + \(k % 5)] * s\((k + 7) % 18) + \(index % 9 + k);" }.joined(separator: " ")
            return """
            double g\(index)(double *a, int n) {
              double \(sums.enumerated().map { "\($0.element) = \($0.offset)" }.joined(separator: ", "));
              for (int k = 0; k < n; ++k) { \(body) }
              return \(sums.joined(separator: " + "));
            }
            """
        }.joined(separator: "\n")
    }
}

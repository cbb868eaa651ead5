import ArgumentParser
import Foundation
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
    @Option(help: "The eviction policy file (default: policies/evict-prior/policy.mlgo).") var policy: String?
    @Option(help: "Write the JSON results here (default: standard output).") var output: String?
    @Option(help: "The plugin library (default: next to this program).") var plugin: String?

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
        let release = ["-load-pass-plugin=\(toolchain.plugin)", "-mlgo-evict-mode=release", "-mlgo-evict-policy=\(policyPath)"]
        // stock: no plugin; heuristic: plugin loaded, eviction left to LLVM (identical output);
        // inprocess: the chosen design; fifo: the measured alternative. Same policy, same decisions.
        let variants: [(String, [String])] = [
            ("stock", []),
            ("heuristic", ["-load-pass-plugin=\(toolchain.plugin)"]),
            ("inprocess", release),
            ("fifo", release + ["-mlgo-evict-channel=fifo"]),
        ]
        let assembly = scratch.appendingPathComponent("out.s").path
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
